/**
 * Builds the browser front end (web/) into dist/web/: one ES module bundle and
 * one stylesheet made by esbuild from web/src and npm packages (Leaflet,
 * topojson-client), the Natural Earth borders from world-atlas, and a gzip and
 * a brotli copy of each file so @fastify/static can send them precompressed.
 * Runs in `prepare` (after `npm ci`), `prestart` and `pretest`; takes well under a second.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist/web');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: join(root, 'web/src/main.js') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome115', 'firefox115', 'safari16'],
  outdir: out,
  legalComments: 'none',
  // Leaflet's stylesheet refers to its control and marker images; they are emitted beside it.
  loader: { '.png': 'file' },
  assetNames: '[name]-[hash]',
  logLevel: 'warning',
});
copyFileSync(join(root, 'web/index.html'), join(out, 'index.html'));
copyFileSync(join(root, 'node_modules/world-atlas/countries-50m.json'), join(out, 'countries-50m.json'));

for (const file of readdirSync(out)) {
  const body = readFileSync(join(out, file));
  writeFileSync(join(out, `${file}.gz`), gzipSync(body, { level: 9 }));
  writeFileSync(join(out, `${file}.br`), brotliCompressSync(body));
}
