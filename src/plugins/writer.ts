import fp from 'fastify-plugin';
import { openDatabase } from '../db/client.js';
import { HttpProblem, problemOf } from '../http/problem.js';
import { retractionReason } from '../query/changes.js';
import { WRITABLE_RESOURCES, type WritableResource } from '../schemas/writes.js';
import { WriteService } from '../write/service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one write path (src/write/service.ts), on this process's only writable connection. */
    writes: WriteService;
  }
}

export interface WriterPluginOptions {
  dbFile: string;
}

/**
 * One writer connection per process, beside the read-only `app.database`.
 * WAL lets the readers go on while it writes; every write is one
 * `BEGIN IMMEDIATE` transaction, which takes the write lock at once, so two
 * processes (the cluster's workers) queue on busy_timeout instead of failing
 * halfway with SQLITE_BUSY. synchronous=FULL fsyncs the log at every commit:
 * with the default NORMAL a commit acknowledged with 2xx could be lost to a
 * power cut (WAL frames not yet synced), and a write API promises it is not.
 * The cost is one fsync per write (a few ms), which coders' write rates bear.
 */
export const writerPlugin = fp<WriterPluginOptions>(
  async (app, options) => {
    // busy_timeout 5 s (openDatabase): queueing behind another worker's write, which takes milliseconds.
    const writer = openDatabase(options.dbFile, { durable: true });
    app.decorate('writes', new WriteService(writer));
    app.addHook('onClose', async () => writer.close());

    // GET of a retracted record says so: 410 with the reason (the record itself stays in its history).
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const match = /^\/([a-z-]+)\/(\d{1,15})(?:\?|$)/.exec(request.url);
      if (!match || !(WRITABLE_RESOURCES as string[]).includes(match[1] as string)) return;
      const reason = retractionReason(app.database.db, match[1] as WritableResource, Number(match[2]));
      if (reason !== null) throw new HttpProblem(problemOf('gone', `${match[1]} ${match[2]} was retracted: ${reason}`));
    });
  },
  { name: 'writer', dependencies: ['database', 'problems'], fastify: '5.x' },
);
