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

/** hls.js for the share pages' preview player (workers/api/src/share/page.ts, web/public/share/preview.js), at a fixed path. */
function shareHlsAsset(): Plugin {
  const dist = path.join(path.dirname(createRequire(import.meta.url).resolve('hls.js/package.json')), 'dist');
  return {
    name: 'encore-share-hls-asset',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'share/hls.light.min.js', source: readFileSync(path.join(dist, 'hls.light.min.js')) });
    },
  };
}

/** The web player: built into web/dist, which the api worker serves as static assets (wrangler.toml [assets]). */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: 'public',
  plugins: [swaggerUiAssets(), shareHlsAsset(), pwaAssets()],
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
  },
});
