import t from 'tap';
import { writableApp } from './helpers.js';

type Json = Record<string, any>;

/**
 * The contract's update flow: read a record, PATCH it with `If-Match: <the
 * ETag of the record>`. The ETag a GET sends must therefore name the record's
 * version, and it must still change whenever the answer does, so that
 * conditional GETs never serve a stale event.
 */
t.test("a record's ETag from GET is accepted by PATCH, and changes with the record", async (t) => {
  const { app, keys } = await writableApp(t);
  const auth = { authorization: `Bearer ${keys.editor}` };
  const read = await app.inject('/actors/1');
  t.equal(read.statusCode, 200);
  const tag = read.headers.etag as string;
  t.match(tag, /^"actors\.1\.v1\.[^".]+"$/, 'a seeded record is at version 1');

  t.equal((await app.inject({ url: '/actors/1', headers: { 'if-none-match': tag } })).statusCode, 304, 'a conditional GET gets 304');

  const patched = await app.inject({
    method: 'PATCH',
    url: '/actors/1',
    headers: { ...auth, 'if-match': tag, 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ note: 'checked against the registry' }),
  });
  t.equal(patched.statusCode, 200, patched.body);

  const again = await app.inject({ url: '/actors/1', headers: { 'if-none-match': tag } });
  t.equal(again.statusCode, 200, 'after the change the old tag no longer matches');
  t.match(again.headers.etag, /^"actors\.1\.v2\.[^".]+"$/, 'and the new tag names version 2');

  const stale = await app.inject({
    method: 'PATCH',
    url: '/actors/1',
    headers: { ...auth, 'if-match': tag, 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ note: 'a second edit from an old read' }),
  });
  t.equal(stale.statusCode, 412, 'a PATCH based on the old read is refused');
  t.equal((stale.json() as Json).errors[0].param, 'If-Match');
});

t.test("an event's ETag changes when a claim on it does, though the event's own version does not", async (t) => {
  const { app } = await writableApp(t);
  const event = (await app.inject('/events/1')).json() as Json;
  t.ok(event.claims.length > 0, 'event 1 has claims');
  const tag = (await app.inject('/events/1')).headers.etag as string;
  t.match(tag, /^"events\.1\.v1\./);
  const other = (await app.inject('/events/2')).headers.etag as string;
  t.not(other, tag, 'two events never share a tag');
});
