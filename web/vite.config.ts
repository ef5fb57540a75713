import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { pwaAssets } from './build/pwa.ts';

/** Swagger UI's script and styles for the api worker's /docs page, served from our own origin (no CDN). */
function swaggerUiAssets(): Plugin {
  const dist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return {
    name: 'encore-swagger-ui-assets',
    generateBundle() {
      for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
        this.emitFile({ type: 'asset', fileName: `docs/assets/swagger-ui-dist/${file}`, source: readFileSync(path.join(dist, file)) });
      }
    },
  };
}

/** The web player: built into web/dist, which the api worker serves as static assets (wrangler.toml [assets]). */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: 'public',
  plugins: [swaggerUiAssets(), pwaAssets()],
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
  },
});
