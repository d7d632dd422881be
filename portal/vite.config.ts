import { defineConfig } from 'vite';

// A plain page: no framework plugin. The gateway serves dist/ at `/` and dist/assets/ at `/assets/`.
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // One entry, no preload polyfill: nothing inline, so Helmet's default CSP (script-src 'self') holds.
    modulePreload: false,
    reportCompressedSize: false,
    // integrity/ brings pkijs, asn1js and zod: about 560 kB minified, 130 kB gzipped (bench/src/portal.ts measures it).
    chunkSizeWarningLimit: 700,
  },
  // `npm run dev -w portal` talks to a gateway on :3000.
  server: { proxy: { '/v1': 'http://127.0.0.1:3000', '/trust-anchors.json': 'http://127.0.0.1:3000' } },
});
