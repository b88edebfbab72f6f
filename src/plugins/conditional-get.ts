import fp from 'fastify-plugin';
import { dataClock, registerConditionalGet } from '../http/conditional.js';

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
    await registerConditionalGet(app, clock);
  },
  { name: 'conditional-get', dependencies: ['database'], fastify: '5.x' },
);
