/**
 * drizzle-kit reads the schema and writes plain SQL migrations into migrations/, which are committed and
 * applied at open (src/migrate.ts). After changing src/schema/, regenerate with
 *   npm run -w @hocba/db generate        (adds the next migrations/NNNN_*.sql and its snapshot)
 * Never edit a migration that has been committed; what Drizzle cannot express (triggers) goes into a
 * custom migration: npm run -w @hocba/db generate -- --custom --name=<what>.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  strict: true,
  verbose: true,
});
