import { statSync } from 'node:fs';
import etag from '@fastify/etag';
import type Database from 'better-sqlite3';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * When the data a response comes from last changed: the newest of the
 * database file and its write-ahead log, re-read only when SQLite's
 * `data_version` says another connection committed. Never earlier than the
 * start of this process, since a new build may shape the same data differently.
 */
export function dataClock(sqlite: Database.Database, file: string): () => Date {
  const started = Date.now();
  const version = sqlite.prepare('PRAGMA data_version').pluck();
  const fileTime = () => {
    if (file === ':memory:') return started;
    let newest = started;
    for (const path of [file, `${file}-wal`]) {
      try {
        newest = Math.max(newest, statSync(path).mtimeMs);
      } catch {
        // No write-ahead log: the file alone dates the data.
      }
    }
    return newest;
  };
  let seenVersion = version.get();
  let modified = fileTime();
  return () => {
    const current = version.get();
    if (current !== seenVersion) {
      seenVersion = current;
      modified = Math.max(modified, fileTime(), Date.now());
    }
    // HTTP dates have whole seconds.
    return new Date(Math.floor(modified / 1000) * 1000);
  };
}

/** The entity tags listed in an If-None-Match header, without their weak prefix (comparison is weak for GET). */
function listedTags(header: string): string[] {
  return header.split(',').map((t) => t.trim().replace(/^W\//, ''));
}

/**
 * ETag and Last-Modified on every successful GET, and 304 Not Modified when
 * the client already holds the current representation, so that polling
 * clients cost a hash and a few bytes instead of a full answer.
 */
export async function registerConditionalGet(
  app: FastifyInstance,
  lastModified: () => Date,
  versionOf: (request: FastifyRequest) => string | null = () => null,
): Promise<void> {
  await app.register(etag, { replyWith304: false });
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    // A record's ETag starts with its version, which PATCH takes back in If-Match, and ends with the hash of
    // what this answer shows, which changes when related records do (an event's claims), so 304s stay right.
    const version = versionOf(request);
    const hashed = reply.getHeader('etag');
    if (version !== null && typeof hashed === 'string') reply.header('etag', `"${version}.${hashed.replace(/^W\/|"/g, '')}"`);
    const modified = lastModified();
    if (!reply.hasHeader('last-modified')) reply.header('last-modified', modified.toUTCString());
    // With Last-Modified alone a browser may reuse an answer without asking; this makes it revalidate every time.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');

    const ifNoneMatch = request.headers['if-none-match'];
    const tag = reply.getHeader('etag');
    let notModified = false;
    if (ifNoneMatch !== undefined) {
      const tags = listedTags(ifNoneMatch);
      notModified = tags.includes('*') || (typeof tag === 'string' && tags.includes(tag.replace(/^W\//, '')));
    } else {
      const since = Date.parse(request.headers['if-modified-since'] ?? '');
      notModified = Number.isFinite(since) && modified.getTime() <= since;
    }
    if (!notModified) return payload;
    reply.code(304);
    reply.removeHeader('content-length');
    reply.removeHeader('content-type');
    return '';
  });
}
