import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { generateSynthetic } from '../src/synth/generate.js';

/**
 * `npm run synth -- --events 2500000 --out data/synth.db [--seed 1] [--actors 2000] [--locations 50000] [--force] [--verify]`
 *
 * Writes a synthetic database of ACLED-like size and shape for load tests. The
 * file is built under a temporary name and renamed when complete, so a
 * half-written file never passes for a finished one.
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2500000' },
    out: { type: 'string', default: 'data/synth.db' },
    seed: { type: 'string', default: '1' },
    actors: { type: 'string', default: '2000' },
    locations: { type: 'string', default: '50000' },
    force: { type: 'boolean', default: false },
    verify: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
  strict: true,
});

const integer = (name: string, value: string, min: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer of at least ${min} (got ${JSON.stringify(value)})`);
    process.exit(2);
  }
  return n;
};

const events = integer('events', values.events, 1);
const seed = integer('seed', values.seed, 0);
const actors = integer('actors', values.actors, 100);
const locations = integer('locations', values.locations, 400);
const out = resolve(values.out);
if (existsSync(out) && !values.force) {
  console.error(`${out} exists; pass --force to replace it`);
  process.exit(2);
}

const partial = `${out}.partial`;
const removeFiles = (base: string) => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${base}${suffix}`, { force: true });
};
removeFiles(partial);

const interactive = !values.quiet && process.stderr.isTTY;
const bar = new cliProgress.SingleBar(
  {
    format: '{bar} {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
    etaBuffer: 20,
    noTTYOutput: !values.quiet,
    notTTYSchedule: 5000,
    hideCursor: interactive,
  },
  cliProgress.Presets.shades_classic,
);
const started = performance.now();
let barStarted = false;
let eventsStarted = started;
const log = (line: string) => {
  if (!values.quiet) console.error(line);
};

try {
  const report = await generateSynthetic(partial, {
    events,
    seed,
    actors,
    locations,
    verify: values.verify,
    onStage: (stage) => {
      if (barStarted) {
        bar.stop();
        barStarted = false;
      }
      log(`${((performance.now() - started) / 1000).toFixed(1)} s  ${stage}`);
      if (stage.startsWith('events')) {
        eventsStarted = performance.now();
        bar.start(events, 0, { rate: '-' });
        barStarted = true;
      }
    },
    onProgress: (done) => {
      const seconds = (performance.now() - eventsStarted) / 1000;
      bar.update(done, { rate: Math.round(done / Math.max(seconds, 0.001)).toLocaleString('en') });
    },
  });
  if (barStarted) bar.stop();
  removeFiles(out);
  renameSync(partial, out);
  const seconds = (performance.now() - started) / 1000;
  const size = statSync(out).size;
  console.log(
    JSON.stringify(
      {
        file: out,
        seed,
        seconds: Number(seconds.toFixed(1)),
        size_mb: Math.round(size / 1e6),
        counts: report.counts,
        stage_ms: report.timings,
      },
      null,
      2,
    ),
  );
} catch (error) {
  if (barStarted) bar.stop();
  removeFiles(partial);
  throw error;
}
