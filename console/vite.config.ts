import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves dist/ at `/console/` (gateway/src/plugins/external/console.ts).
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Nothing inline, so Helmet's default CSP (script-src 'self') holds.
    modulePreload: false,
    reportCompressedSize: false,
  },
  // `npm run dev -w console` talks to a gateway on :3000.
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
