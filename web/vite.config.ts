// The web application's build [issue 13 "The application"]: web/ is the root, the build goes to
// web/dist, which the Fastify server serves (src/api/routes/web-app.ts). The server's CSP allows no
// inline script or style: Vite writes every script and style sheet as a file, and the module preload
// helper stays inside the entry chunk. `npm run dev` is not needed: build and start the server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Never inline assets as data: URLs into CSS or scripts: plain files are cached with the build.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 900,
  },
});
