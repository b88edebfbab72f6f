import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { seededDbFile } from './helpers.js';

/**
 * The Python and R examples, run against a live server. Debian's interpreter is
 * named explicitly: it is the one with python3-pandas and python3-geopandas
 * (scripts/ensure-python.sh installs them before `npm test`), whatever python3
 * comes first on the PATH.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = '/usr/bin/python3';
const execFileAsync = promisify(execFile);

type Json = Record<string, any>;

const run = async (command: string, args: string[]) =>
  (await execFileAsync(command, args, { cwd: ROOT, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 })).stdout;

function hasPythonModules(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import pandas, geopandas'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function rscript(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v Rscript'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

t.test('the Python and R examples, run against a live server', async (t) => {
  const app = await buildApp({ dbFile: await seededDbFile() });
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const card = (await app.inject({ url: '/events?actor=ISIS&place=Deir%20ez-Zor&limit=500' })).json().data as Json[];
  t.ok(card.length > 0);

  t.test('acled_pandas.py: pandas reads the ACLED-column CSV', async (t) => {
    t.ok(hasPythonModules(), `${PYTHON} has pandas and geopandas (scripts/ensure-python.sh installs them as root)`);
    const out = await run(PYTHON, ['examples/acled_pandas.py', baseUrl]);
    t.match(out, `${card.length} events involving ISIS in Deir ez-Zor\n`);
    t.match(out, /^columns: event_id_cnty, event_date, year, time_precision, disorder_type, .*, tags, timestamp$/m);
    const byYear = new Map<string, number>();
    for (const e of card) byYear.set(e.date_start.slice(0, 4), (byYear.get(e.date_start.slice(0, 4)) ?? 0) + (e.fatalities?.low ?? 0));
    for (const [year, killed] of byYear) t.match(out, `\n  ${year}: ${killed}\n`, `fatalities in ${year}`);
  });

  t.test('events_geopandas.py: geopandas reads the GeoJSON', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-geopandas-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'events.geojson');
    const out = await run(PYTHON, ['examples/events_geopandas.py', baseUrl, file]);
    const located = card.filter((e) => e.location.lat !== null);
    t.match(out, `${located.length} located events, ${card.length - located.length} without coordinates`);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    t.same(
      written.features.map((f: Json) => f.properties.event_id),
      located.map((e) => e.id),
      'the file geopandas wrote holds the located events',
    );
    t.same(written.features[0].geometry.coordinates, [located[0]?.location.lon, located[0]?.location.lat], 'longitude first');
  });

  const r = rscript();
  t.test('events.R: httr2, jsonlite and sf', { skip: r ? false : 'Rscript is not installed; examples/events.R was not run' }, async (t) => {
    const out = await run(r as string, ['examples/events.R', baseUrl]);
    t.match(out, `${card.length} events involving ISIS in Deir ez-Zor\n`);
    t.match(out, `${card.filter((e) => e.location.lat !== null).length} located events\n`);
  });
  t.ok(existsSync(join(ROOT, 'examples/events.R')));
});
