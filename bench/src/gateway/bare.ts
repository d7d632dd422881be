/**
 * Child process of the gateway benchmark: the baseline, a bare Fastify instance (no plugins) answering
 * `GET /bare` with a JSON body of the lookup response's size, `POST /bare` (parsing the body as the
 * verify route does) with one of the bundle response's size, and `POST /bare-bulk` with the bulk one's. argv[2] is a JSON file of both bodies.
 * Listens on 127.0.0.1 and prints one JSON line with its port. Runs until killed.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { READY } from './ready.ts';

async function main(file: string): Promise<{ port: number }> {
  const bodies = JSON.parse(readFileSync(file, 'utf8')) as { get: unknown; post: unknown; bulk: unknown };
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  // The object is serialized for each request, as the gateway's answers are.
  app.get('/bare', async () => bodies.get);
  app.post('/bare', async () => bodies.post);
  // A bulk call's body (a thousand bundles, megabytes) parsed, and an answer of the bulk report's size.
  app.post('/bare-bulk', { bodyLimit: 64 * 1024 * 1024 }, async () => bodies.bulk);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { port: address.port };
}

main(process.argv[2]!).then(
  (r) => console.log(`${READY}${JSON.stringify(r)}`),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
