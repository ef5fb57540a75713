import path from 'node:path';
import { defineConfig } from 'vite';

/** The web player: built into web/dist, which the api worker serves as static assets (wrangler.toml [assets]). */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: 'public',
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
  },
});
