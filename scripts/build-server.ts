/**
 * Compiles the server (src/server.ts, src/cluster.ts) into dist/server/: ES
 * modules made by esbuild from src/ and a few npm packages. `npm start`
 * and `npm run start:cluster` run them with plain Node: under tsx, every
 * module is resolved and transpiled through tsx's loader thread, which took
 * 1.1-1.3 s of CPU of a start-up on the 200,000-event file where the compiled
 * server takes 0.5 s. Tests and scripts still run src/ with tsx.
 *
 * Runs in `prepare` (after `npm ci`), `prestart` and `prestart:cluster`; takes well under a second.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist/server');
const entryPoints = { server: join(root, 'src/server.ts'), cluster: join(root, 'src/cluster.ts') };

/**
 * Bundled in: ES module packages of many small files, each a module for Node
 * to resolve and link (bundled, 50 ms less CPU per process, 0.46 -> 0.41 s);
 * the zod type provider with them, so that it shares zod's schema registry
 * (the OpenAPI components). Every other package stays an import.
 */
const INLINE = /^(zod|drizzle-orm|fastify-type-provider-zod)(\/|$)/;
const dependencies: Plugin = {
  name: 'dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (INLINE.test(args.path) ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Modules find the project's files (migrations/, seed/, package.json,
 * dist/web/) relative to their own source file: in the output each one's
 * `import.meta.url` stays the URL of its source. The entry points keep their
 * own, which src/cluster.ts compares with the file Node was started with.
 */
const sourceUrls: Plugin = {
  name: 'source-urls',
  setup(b) {
    const entries = new Set(Object.values(entryPoints));
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (entries.has(args.path) || !text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const source = `new URL(${JSON.stringify(relative(out, args.path))}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', source), loader: 'ts' };
    });
  },
};

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: out,
  // Plugin and class names show in Fastify's errors and logs as in the source.
  keepNames: true,
  sourcemap: 'linked',
  define: { SERVER_BUILD: 'true' },
  plugins: [dependencies, sourceUrls],
  logLevel: 'warning',
});
