import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { foldForSearch } from '../names/normalise.js';
import { claimSearchText, eventSearchText } from '../search/index.js';
import type { SearchWorkerData, SearchWorkerMessage } from './search-worker.js';

const SEARCH_TABLES = ['search_events', 'search_claims'] as const;
type SearchTable = (typeof SEARCH_TABLES)[number];

/** Rows per message: about 50 ms of the worker's inserts, so neither side waits on the other's batch for long. */
const ROWS_PER_MESSAGE = 5000;
/** Messages in flight before the event loop waits for the worker: the folded text of millions of claims would not fit in memory. */
const MAX_IN_FLIGHT = 8;

/**
 * Starts src/synth/search-worker. Run from TypeScript source (tsx), a worker
 * does not inherit tsx's loader on Node 20 (neither through execArgv nor
 * --import), so it loads the module through tsx's API.
 */
function startWorker(workerData: SearchWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./search-worker.js', import.meta.url), { workerData });
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const source = JSON.stringify(new URL('./search-worker.ts', import.meta.url).href);
  return new Worker(`import(${api}).then((tsx) => tsx.tsImport(${source}, ${JSON.stringify(import.meta.url)}))`, {
    eval: true,
    workerData,
  });
}

/**
 * Builds the full-text index of a generated file on the second core. On a
 * 50,000-event run on one thread, the FTS5 inserts took 1.5 s of the event
 * loop's 5.1 s and the final merge 0.2 s (0.9 s at 200,000 events): the
 * worker (src/synth/search-worker.ts) indexes into a file of its own while the
 * main thread writes rows, and `copyInto` replaces the output file's (seed-only)
 * index with the finished one, shadow table by shadow table. Both files'
 * full-text tables come from the same CREATE VIRTUAL TABLE statements, so the
 * copied b-trees are what indexing in place would have written.
 */
export class SearchBuilder {
  private readonly worker: Worker;
  private readonly pending = new Map<SearchTable, { ids: number[]; bodies: string[] }>();
  private inFlight = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private done = false;
  private finished: Promise<void> | null = null;

  constructor(
    sqlite: Database.Database,
    private readonly file: string,
  ) {
    rmSync(file, { force: true });
    const tables = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(SEARCH_TABLES)) as { name: string; sql: string }[];
    const data: SearchWorkerData = { file, tables };
    this.worker = startWorker(data);
    this.worker.on('message', (m: 'ack' | 'done') => {
      if (m === 'ack') this.inFlight--;
      else this.done = true;
      this.signal();
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      this.signal();
    });
    this.worker.on('exit', (code) => {
      if (!this.done) this.failure ??= new Error(`the full-text worker exited with code ${code}`);
      this.signal();
    });
    for (const table of SEARCH_TABLES) this.pending.set(table, { ids: [], bodies: [] });
    // The hand-coded seed's rows, indexed in the output file by ensureSearchIndex: the copy replaces that index whole.
    for (const r of sqlite.prepare('SELECT id, summary_en, summary_ar FROM events ORDER BY id').all() as {
      id: number;
      summary_en: string;
      summary_ar: string | null;
    }[]) {
      this.insertEvent(r.id, foldForSearch(eventSearchText(r.summary_en, r.summary_ar)));
    }
    for (const r of sqlite.prepare('SELECT id, quote, statement_en FROM claims ORDER BY id').all() as {
      id: number;
      quote: string;
      statement_en: string;
    }[]) {
      this.insertClaim(r.id, foldForSearch(claimSearchText(r.quote, r.statement_en)));
    }
  }

  insertEvent(id: number, folded: string): void {
    this.add('search_events', id, folded);
  }

  insertClaim(id: number, folded: string): void {
    this.add('search_claims', id, folded);
  }

  /** Sends what is buffered, then waits while the worker is more than a few messages behind. */
  async drain(): Promise<void> {
    for (const table of SEARCH_TABLES) this.send(table);
    while (this.inFlight > MAX_IN_FLIGHT) await this.next();
    this.check();
  }

  /** Sends the rest and lets the worker merge its index; `copyInto` waits for it. */
  finish(): void {
    for (const table of SEARCH_TABLES) this.send(table);
    this.post({ type: 'finish' });
    this.finished = (async () => {
      while (!this.done) await this.next();
      await this.worker.terminate();
    })();
  }

  /** Replaces the output file's full-text index with the worker's. Nothing may use the full-text tables on this connection afterwards. */
  async copyInto(sqlite: Database.Database): Promise<void> {
    if (!this.finished) this.finish();
    await this.finished;
    // Shadow tables are read-only to SQL in defensive mode, which better-sqlite3 turns on; off for the copy only.
    sqlite.unsafeMode(true);
    try {
      sqlite.prepare('ATTACH ? AS search_build').run(this.file);
      const shadows = sqlite
        .prepare(`SELECT name FROM search_build.sqlite_master WHERE type = 'table' AND name GLOB ? || '_*' ORDER BY name`)
        .pluck();
      const names = SEARCH_TABLES.flatMap((table) => shadows.all(table) as string[]);
      sqlite.transaction(() => {
        for (const name of names) {
          sqlite.exec(`DELETE FROM main."${name}"`);
          sqlite.exec(`INSERT INTO main."${name}" SELECT * FROM search_build."${name}"`);
        }
      })();
      sqlite.exec('DETACH search_build');
    } finally {
      sqlite.unsafeMode(false);
      rmSync(this.file, { force: true });
    }
  }

  /** Stops the worker and removes its file (the generator failed). */
  async abort(): Promise<void> {
    await this.worker.terminate();
    rmSync(this.file, { force: true });
  }

  private add(table: SearchTable, id: number, folded: string): void {
    const batch = this.pending.get(table) as { ids: number[]; bodies: string[] };
    batch.ids.push(id);
    batch.bodies.push(folded);
    if (batch.ids.length >= ROWS_PER_MESSAGE) this.send(table);
  }

  private send(table: SearchTable): void {
    const batch = this.pending.get(table) as { ids: number[]; bodies: string[] };
    if (batch.ids.length === 0) return;
    // One string and one buffer per message: cloning 5,000 strings one by one took 4.8% of the main thread at 100,000 events.
    const ids = Float64Array.from(batch.ids);
    this.post({ type: 'rows', table, ids, bodies: batch.bodies.join('\n') }, [ids.buffer]);
    this.inFlight++;
    this.pending.set(table, { ids: [], bodies: [] });
  }

  private post(message: SearchWorkerMessage, transfer: ArrayBuffer[] = []): void {
    this.check();
    this.worker.postMessage(message, transfer);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private next(): Promise<void> {
    this.check();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
