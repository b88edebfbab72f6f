import type { Db } from './client.js';

/**
 * A value built once per connection: a Drizzle prepared query, so that a hot
 * read builds no SQL and prepares no statement per request.
 */
export function perConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) {
      value = build(db);
      built.set(db, value);
    }
    return value;
  };
}
