import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { seededApp } from './helpers.js';

type Json = Record<string, any>;

/** Values as a Frictionless consumer reads a field of each type (empty cells are missing values). */
const TYPES: Record<string, RegExp> = {
  integer: /^-?\d+$/,
  number: /^-?\d+(\.\d+)?$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  string: /^/s,
};

t.test('GET /datapackage.json, read the way a Data Package consumer reads it', async (t) => {
  const app = await seededApp(t);
  const res = await app.inject({ url: '/datapackage.json' });
  t.equal(res.statusCode, 200);
  const pkg = res.json();
  t.equal(pkg.$schema, 'https://datapackage.org/profiles/2.0/datapackage.json', 'a Data Package v2');
  t.match(pkg, { name: /^[a-z0-9._-]+$/, version: /^\d+\.\d+\.\d+\+[0-9a-f]{12}$/, created: /^\d{4}-\d{2}-\d{2}T/ });
  t.match(pkg.citation, pkg.version, 'the citation names the version');
  t.same(
    pkg.resources.map((r: Json) => r.name),
    ['events', 'claims', 'casualty-reports', 'figures', 'actors', 'locations', 'articles'],
  );

  const tables = new Map<string, Json[]>();
  for (const resource of pkg.resources as Json[]) {
    const path = new URL(resource.path);
    const file = await app.inject({ url: `${path.pathname}${path.search}` });
    t.equal(file.statusCode, 200, `${resource.name}: its path is fetchable`);
    t.match(file.headers['content-type'], /^text\/csv/);
    t.equal(Buffer.byteLength(file.body), resource.bytes, `${resource.name}: bytes`);
    t.equal(`sha256:${createHash('sha256').update(file.body).digest('hex')}`, resource.hash, `${resource.name}: hash`);
    const [header] = parse(file.body, { to: 1 }) as string[][];
    t.same(
      header,
      resource.schema.fields.map((f: Json) => f.name),
      `${resource.name}: the header is the schema's fields`,
    );
    const rows = parse(file.body, { columns: true }) as Json[];
    tables.set(resource.name, rows);
    const list = resource.name === 'events' ? '/events?total=exact&limit=1' : `/${resource.name}?limit=1`;
    t.equal(rows.length, (await app.inject({ url: list })).json().meta.total, `${resource.name}: every row, not a page`);
    let badValues = 0;
    for (const field of resource.schema.fields as Json[]) {
      for (const row of rows) {
        const value = row[field.name];
        if (value !== '' && !TYPES[field.type]?.test(value)) {
          if (++badValues < 5) t.fail(`${resource.name}.${field.name} is a ${field.type}, not '${value}'`);
        }
      }
    }
    t.equal(badValues, 0, `${resource.name}: values match the field types`);
    const keys = rows.map((r) => resource.schema.primaryKey.map((k: string) => r[k]).join('|'));
    t.equal(new Set(keys).size, rows.length, `${resource.name}: the primary key is unique`);
  }

  for (const resource of pkg.resources as Json[]) {
    for (const fk of resource.schema.foreignKeys as Json[]) {
      const target = fk.reference.resource ?? resource.name;
      const known = new Set((tables.get(target) ?? []).map((r) => r[fk.reference.fields[0]]));
      const dangling = (tables.get(resource.name) ?? []).map((r) => r[fk.fields[0]]).filter((v) => v !== '' && !known.has(v));
      t.same(dangling, [], `${resource.name}.${fk.fields[0]} → ${target}.${fk.reference.fields[0]} resolves`);
      t.ok(
        (tables.get(resource.name) ?? []).some((r) => r[fk.fields[0]] !== '') ||
          fk.fields[0].endsWith('parent_id') ||
          fk.fields[0].includes('subset'),
        `${resource.name}.${fk.fields[0]} is used`,
      );
    }
  }

  t.equal((await app.inject({ url: '/data/nothing.csv' })).statusCode, 400, 'an unknown file is a 400 naming it');
  const again = await app.inject({ url: '/datapackage.json', headers: { 'if-none-match': res.headers.etag as string } });
  t.equal(again.statusCode, 304, 'a mirror polls the descriptor cheaply');
});
