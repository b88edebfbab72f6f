import fp from 'fastify-plugin';
import { dataClock, registerConditionalGet } from '../http/conditional.js';
import { recordVersion } from '../query/versions.js';

/** The one-record routes of the resources the write API changes; their ETag names the record's version. */
const DETAIL_ROUTE = /^\/(events|claims|figures|actors|locations|articles)\/:id$/;

declare module 'fastify' {
  interface FastifyInstance {
    /** When the data last changed (the dataset's timestamp: records carry none of their own). */
    dataModified: () => Date;
  }
}

/** ETag, Last-Modified and 304s, dated by when the database last changed. */
export const conditionalGetPlugin = fp(
  async (app) => {
    const { sqlite } = app.database;
    // better-sqlite3 names a connection by the file it opened (`:memory:` for none).
    const clock = dataClock(sqlite, sqlite.name);
    app.decorate('dataModified', clock);
    await registerConditionalGet(app, clock, (request) => {
      const detail = DETAIL_ROUTE.exec(request.routeOptions.url ?? '');
      const id = (request.params as { id?: unknown }).id;
      if (!detail || typeof id !== 'number') return null;
      return `${detail[1]}.${id}.v${recordVersion(app.database.db, detail[1] as string, id)}`;
    });
  },
  { name: 'conditional-get', dependencies: ['database'], fastify: '5.x' },
);
