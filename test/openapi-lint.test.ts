import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { buildApp } from '../src/app.js';

/**
 * openapi.yaml as API gateways, catalogues and client generators check it:
 * Redocly's recommended rules (redocly.yaml) and Spectral's OpenAPI rules
 * (.spectral.yaml), both pinned devDependencies run offline, report nothing.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules/.bin');
const execFileAsync = promisify(execFile);
// No telemetry or update checks: the linters run without the network.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1' };

async function lint(command: string, args: string[]): Promise<string> {
  try {
    return (await execFileAsync(join(BIN, command), args, { cwd: ROOT, env, timeout: 110_000, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    // A non-zero exit still prints the report; the assertions below say what is wrong.
    return (error as { stdout?: string }).stdout ?? String(error);
  }
}

t.test('Redocly (recommended rules): no errors, no warnings', async (t) => {
  const out = await lint('redocly', ['lint', 'openapi.yaml', '--format=json']);
  const report = JSON.parse(out.slice(out.indexOf('{')));
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 0 }, JSON.stringify(report.problems.slice(0, 5), null, 1));
});

t.test('Spectral (spectral:oas): no results at any severity', async (t) => {
  const out = await lint('spectral', ['lint', 'openapi.yaml', '--format=json', '--fail-severity=hint']);
  const results = JSON.parse(out.slice(out.indexOf('['), out.lastIndexOf(']') + 1));
  t.same(
    results.map((r: { code: string; path: string[] }) => `${r.code} at ${r.path.join('.')}`),
    [],
  );
});

t.test('what the linters are asked to hold, and the contract adds', async (t) => {
  // The document openapi.yaml is written from (test/client.test.ts holds that the two are in step).
  const app = await buildApp({ dbFile: ':memory:' });
  t.teardown(() => app.close());
  await app.ready();
  const spec = app.swagger() as Record<string, any>;
  t.match(spec.servers?.[0], { url: /^https?:\/\//, description: /\w/ }, 'a real server entry');
  t.match(spec.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer' }, 'the bearer scheme writes use');
  for (const [path, operations] of Object.entries<Record<string, any>>(spec.paths)) {
    for (const [method, operation] of Object.entries<any>(operations)) {
      t.ok(operation.description?.trim(), `${method.toUpperCase()} ${path} has a description`);
      // `[{}, {bearerAuth: []}]`: public, and with a key shows more (drafts).
      const anonymous = operation.security?.length === 0 || operation.security?.some((s: object) => Object.keys(s).length === 0);
      if (method === 'get') t.ok(anonymous, `GET ${path} is public (security: [] or an anonymous alternative)`);
      const format = (operation.parameters ?? []).find((p: any) => p.name === 'format' && p.in === 'query');
      if (format) {
        const offered = Object.keys(operation.responses['200'].content);
        for (const value of format.schema.enum) {
          t.ok(
            offered.some((type) => format.description.includes(`\`${value}\` (${type})`)),
            `${path}: format=${value} names the media type whose 200 schema applies`,
          );
        }
      }
    }
  }
});
