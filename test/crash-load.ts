import type { WrittenRecord } from '../src/schemas/writes.js';
import { recordTag } from '../src/write/refusals.js';
import { LOAD_RESOURCES, type LoadResource, MARKED, newRecord, type SeedClaim, writeClient } from './write-load.js';

/**
 * The writes the crash test (test/writes-crash.test.ts) sends to a server it
 * then kills: creates, merge-patch updates with If-Match and publications, each
 * remembered in a ledger by a mark only it writes, with what became of it.
 */

export type Outcome = 'acknowledged' | 'refused' | 'unanswered';

export interface Write {
  resource: LoadResource;
  action: 'created' | 'updated' | 'published';
  run: number;
  outcome?: Outcome;
  status?: number;
  /** The 2xx answer: the record as the server says it stored it. */
  answer?: WrittenRecord;
}

/** A record as the writers believe it stands; rebuilt from the file after every kill. */
export interface Known {
  resource: LoadResource;
  id: number;
  version: number;
  status: 'draft' | 'published';
  busy?: boolean;
}

/** A small seeded generator, so that a run's choice of writes and kill moments is replayed with CRASH_SEED. */
export function generator(start: number): () => number {
  let s = start % 2 ** 31 || 1;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** The mark that identifies a history entry: the marked field of a create or update, the record of a publication. */
export function markOf(resource: LoadResource, id: number, action: string, record: Record<string, unknown>): string {
  return action === 'published' ? `publish:${resource}:${id}` : String(record[MARKED[resource]]);
}

export interface LoadOptions {
  origin: string;
  keys: { coder: string; editor: string };
  claim: SeedClaim;
  run: number;
  random: () => number;
  ledger: Map<string, Write>;
  known: Known[];
  /** Writers sending at once. */
  concurrency: number;
  /** Called after each acknowledged write with the count so far in this run. */
  onAcknowledged?: (count: number) => void;
}

/** Sends writes until a request fails (the server was killed); resolves when every writer has stopped. */
export async function writeUntilKilled(options: LoadOptions): Promise<void> {
  const { ledger, known, random, run } = options;
  const client = writeClient(options.origin, options.concurrency);
  let sent = 0;
  let acknowledged = 0;
  let dead = false;
  const idle = (want?: 'draft') => {
    for (let tries = 0; tries < 8 && known.length > 0; tries++) {
      const k = known[Math.floor(random() * known.length)] as Known;
      if (!k.busy && (!want || k.status === want)) return k;
    }
    return undefined;
  };

  const one = async () => {
    const roll = random();
    const target = roll < 0.45 ? undefined : idle(roll < 0.85 ? undefined : 'draft');
    const mark = `r${run}w${sent++}`;
    let write: Write;
    let request: Promise<{ status: number; body: WrittenRecord }>;
    if (!target) {
      const resource = LOAD_RESOURCES[Math.floor(random() * LOAD_RESOURCES.length)] as LoadResource;
      write = { resource, action: 'created', run };
      ledger.set(mark, write);
      request = client.send('POST', `/${resource}`, options.keys.coder, newRecord(resource, mark, options.claim));
    } else if (roll < 0.85) {
      write = { resource: target.resource, action: 'updated', run };
      ledger.set(mark, write);
      // A coder changes its own drafts; once published, the editor does.
      const key = target.status === 'draft' ? options.keys.coder : options.keys.editor;
      const patch = { [MARKED[target.resource]]: mark };
      const ifMatch = recordTag(target.resource, target.id, target.version);
      request = client.send('PATCH', `/${target.resource}/${target.id}`, key, patch, { 'if-match': ifMatch });
    } else {
      write = { resource: target.resource, action: 'published', run };
      ledger.set(markOf(target.resource, target.id, 'published', {}), write);
      request = client.send('POST', `/${target.resource}/${target.id}/publish`, options.keys.editor);
    }
    if (target) target.busy = true;
    try {
      const answer = await request;
      write.status = answer.status;
      if (answer.status >= 300) {
        write.outcome = 'refused';
        return;
      }
      write.outcome = 'acknowledged';
      write.answer = answer.body;
      const record = answer.body;
      if (target) Object.assign(target, { version: record.version, status: record.status });
      else known.push({ resource: write.resource, id: record.id, version: record.version, status: 'draft' });
      options.onAcknowledged?.(++acknowledged);
    } catch {
      write.outcome = 'unanswered';
      dead = true;
    } finally {
      if (target) target.busy = false;
    }
  };

  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (!dead) await one();
    }),
  );
  client.close();
}
