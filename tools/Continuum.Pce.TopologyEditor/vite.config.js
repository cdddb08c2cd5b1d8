import { defineConfig } from 'vite';

// Served by the PCE server under /editor/: relative asset URLs keep the page relocatable.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/api': 'http://127.0.0.1:5080' } },
});
