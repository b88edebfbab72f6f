import { Agent, request } from 'node:http';
import Database from 'better-sqlite3';

/** Writes a coder makes in the load tests (the crash and cluster tests): records that only cite seeded ones. */
export const LOAD_RESOURCES = ['actors', 'events', 'articles', 'claims'] as const;
export type LoadResource = (typeof LOAD_RESOURCES)[number];

/** The field each write sets to its own unique mark: one a public read of the record shows, so a read can tell which write it sees. */
export const MARKED: Record<LoadResource, string> = { actors: 'name', events: 'summary_en', articles: 'title', claims: 'statement_en' };

export interface SeedClaim {
  article_id: number;
  claimant_id: number;
  quote: string;
  quote_start: number;
  quote_end: number;
}

/** The first seeded claim's article, claimant and quote: a new claim citing the same words passes the quote rule. */
export function seededClaim(dbFile: string): SeedClaim {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare('SELECT article_id, claimant_id, quote, quote_start, quote_end FROM claims ORDER BY id LIMIT 1').get() as SeedClaim;
  } finally {
    db.close();
  }
}

/** A valid POST body whose marked field (and a second field where the record has one) carries `mark`. */
export function newRecord(resource: LoadResource, mark: string, claim: SeedClaim): Record<string, unknown> {
  switch (resource) {
    case 'actors':
      return { name: mark, kind: 'armed_group', note: mark };
    case 'events':
      return {
        date_start: '2019-03-01',
        date_end: '2019-03-01',
        date_precision: 'day',
        date_note: 'load test',
        event_type: 'Explosions/Remote violence',
        sub_event_type: 'Air/drone strike',
        location_id: 1,
        summary_en: mark,
        note: mark,
      };
    case 'articles':
      return {
        file_name: `load-${mark}.txt`,
        title: mark,
        text: `قال المرصد إن غارة جوية قتلت ثلاثة مدنيين. ${mark}`,
        language: 'ar',
        published_start: '2019-03-01',
        published_end: '2019-03-01',
        published_precision: 'day',
        published_note: mark,
      };
    case 'claims':
      return { ...claim, statement_en: mark, claim_type: 'event_report', certainty: 'asserted', note: mark };
  }
}

export interface Answer {
  status: number;
  body: any;
}

export interface WriteClient {
  send(method: string, path: string, key: string | null, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  close(): void;
}

/** Keep-alive HTTP to one origin; a request the server never answers in full rejects (as it does when the server is killed). */
export function writeClient(origin: string, sockets: number): WriteClient {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(origin);
  return {
    send: (method, path, key, body, headers = {}) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = request(
          {
            host: hostname,
            port,
            method,
            path,
            agent,
            timeout: 30_000,
            headers: {
              ...(key ? { authorization: `Bearer ${key}` } : {}),
              ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              if (!res.complete) return reject(new Error('answer cut short'));
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : text });
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
        req.on('error', reject);
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}
