import fp from 'fastify-plugin';
import { dataClock, registerConditionalGet } from '../http/conditional.js';

/** ETag, Last-Modified and 304s, dated by when the database last changed. */
export const conditionalGetPlugin = fp(
  async (app) => {
    const { sqlite } = app.database;
    // better-sqlite3 names a connection by the file it opened (`:memory:` for none).
    await registerConditionalGet(app, dataClock(sqlite, sqlite.name));
  },
  { name: 'conditional-get', dependencies: ['database'], fastify: '5.x' },
);
