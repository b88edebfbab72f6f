// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file holds TypeScript source under test in strings, `${}` included
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import t from 'tap';
import ts from 'typescript';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { seededApp, seededDbFile, tempDbFile } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

// --- Every query binds its values -------------------------------------------------------------

/** SQL keywords as the code base writes them (upper case), and lower-case phrases no English message contains. */
const SQL_TEXT =
  /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|FROM|JOIN|UNION|AND|OR|MATCH|LIKE|GLOB|ORDER BY|GROUP BY|LIMIT|VALUES|PRAGMA|ATTACH)\b/;
const SQL_PHRASE = /\bselect\b[\s\S]*\bfrom\b|\binsert\s+into\b|\bdelete\s+from\b|\bupdate\s+\w+\s+set\b|\border\s+by\b|\bgroup\s+by\b/i;
const looksLikeSql = (text: string) => SQL_TEXT.test(text) || SQL_PHRASE.test(text);

/** The constant text of a string or template, with `${}` holes left out. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

const isConstantString = (node: ts.Node) => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
const isStringBuilding = (node: ts.Node): boolean =>
  ts.isTemplateExpression(node) ||
  (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
  (ts.isParenthesizedExpression(node) && isStringBuilding(node.expression));

/**
 * Places where a value could become part of SQL text instead of a bound
 * parameter: SQL text built with `${}` outside drizzle's sql`` tag or with `+`;
 * sql.raw, sql.identifier, prepare, exec or pragma of anything but a constant;
 * drizzle's all/get/run/values given a plain string. What goes into SQL text
 * counts as constant when the type checker proves it cannot hold a user's
 * text: a string literal type (`'actors' | 'locations'`) or a number, also
 * through String(n) and `${n}`.
 */
export function unboundSql(sources: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => sources[name] ?? readFile(name);
  host.fileExists = (name) => name in sources || fileExists(name);
  const program = ts.createProgram(Object.keys(sources), options, host);
  const checker = program.getTypeChecker();

  const cannotHoldText = (node: ts.Expression): boolean => {
    if (isConstantString(node)) return true;
    if (ts.isParenthesizedExpression(node)) return cannotHoldText(node.expression);
    if (ts.isCallExpression(node) && node.expression.getText() === 'String' && node.arguments.length === 1) {
      return cannotHoldText(node.arguments[0] as ts.Expression);
    }
    if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => cannotHoldText(span.expression));
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      return cannotHoldText(node.left) && cannotHoldText(node.right);
    }
    const type = checker.getTypeAtLocation(node);
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((part) => (part.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.StringLiteral)) !== 0);
  };

  const found: string[] = [];
  for (const fileName of Object.keys(sources)) {
    const file = program.getSourceFile(fileName);
    if (!file) throw new Error(`${fileName} was not parsed`);
    const report = (node: ts.Node, why: string) =>
      found.push(`${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${why}: ${node.getText().slice(0, 120)}`);
    const visit = (node: ts.Node) => {
      if (ts.isTemplateExpression(node)) {
        const parent = node.parent;
        const tagged = ts.isTaggedTemplateExpression(parent) && parent.tag.getText() === 'sql';
        if (!tagged && looksLikeSql(literalText(node) ?? '') && !cannotHoldText(node)) report(node, 'SQL text with ${} outside sql``');
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        const sides = [node.left, node.right].map(literalText).filter((text): text is string => text !== null);
        if (sides.some(looksLikeSql) && !cannotHoldText(node)) report(node, 'SQL text built with +');
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        const receiver = node.expression.expression.getText();
        const [first] = node.arguments;
        if (receiver === 'sql' && (method === 'raw' || method === 'identifier') && first && !cannotHoldText(first)) {
          report(node, `sql.${method} of a value`);
        }
        if (['prepare', 'exec', 'pragma'].includes(method) && first && !cannotHoldText(first)) report(node, `${method} of a value`);
        if (['all', 'get', 'run', 'values'].includes(method) && first && (isConstantString(first) || isStringBuilding(first))) {
          report(node, `${method} given a string, not sql\`\``);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** Declarations the snippets below use, so that the type checker knows what each name holds. */
const SNIPPET_CONTEXT = `
declare const sql: { raw(s: string): unknown; identifier(s: string): unknown; join(a: unknown[], s: unknown): unknown } & ((s: TemplateStringsArray, ...v: unknown[]) => unknown);
declare const db: { all(q: unknown): unknown; get(q: unknown): unknown };
declare const sqlite: { prepare(q: string): { all(): unknown; get(...v: unknown[]): unknown }; exec(q: string): void };
declare const id: string, name: string, q: string, kind: string, order: string, sortColumn: string, query: string, text: string;
declare const tag: string, resource: string, parts: unknown[], i: number, direction: 'ASC' | 'DESC', table: 'actors' | 'locations';
declare function badParam(p: string, m: string): Error;
let where = '';
`;

function checkSnippets(snippets: Record<string, string>): Record<string, string[]> {
  const sources = Object.fromEntries(
    Object.values(snippets).map((code, n) => [join(ROOT, `test/__snippet_${n}.ts`), `${SNIPPET_CONTEXT}\nexport {};\n${code}\n`]),
  );
  const found = unboundSql(sources);
  return Object.fromEntries(Object.keys(snippets).map((label, n) => [label, found.filter((f) => f.includes(`__snippet_${n}.ts:`))]));
}

t.test('every query binds its values', async (t) => {
  t.test('the check catches SQL built from values', async (t) => {
    const caught = checkSnippets({
      'interpolated plain template': 'db.all(sql.raw(`SELECT * FROM events WHERE id = ${id}`));',
      'template kept in a variable': "const a = `SELECT id FROM actors WHERE name = '${name}'`;",
      'lower-case template': "const b = `select * from claims where quote like '%${q}%'`;",
      concatenation: "const c = 'SELECT * FROM actors WHERE name = \\'' + name + '\\'';",
      'concatenated clause': "where = where + ' AND kind = ' + kind;",
      'sql.raw of a string variable': 'const d = sql.raw(order);',
      'sql.raw of String() of a string': 'const e = sql.raw(String(name));',
      'sql.identifier of a variable': 'const f = sql.identifier(sortColumn);',
      'prepare of a variable': 'sqlite.prepare(query).all();',
      'exec of a template': 'sqlite.exec(`DELETE FROM events WHERE id = ${id}`);',
      'drizzle given a string': "db.all('SELECT * FROM events');",
      'drizzle given a built string': 'db.get("SELECT * FROM events WHERE id = " + id);',
    });
    for (const [label, found] of Object.entries(caught)) t.ok(found.length > 0, label);
  });

  t.test('and lets bound queries through', async (t) => {
    const allowed = checkSnippets({
      'sql`` with values': 'db.all(sql`SELECT * FROM events WHERE id = ${id} AND name LIKE ${`%${q}%`}`);',
      'sql.raw of a constant': "const g = { table: sql.raw('actors') };",
      'sql.raw of a number': 'const h = sql.raw(String(i + 1));',
      'sql.raw of a closed set of words': 'const k = sql.raw(direction);',
      'SQL text naming one of a closed set of tables': 'sqlite.prepare(`SELECT id FROM ${table} ORDER BY id`).all();',
      'a LIKE pattern built as a value': 'const p = `%${text.replaceAll(/[%_]/g, (c) => `\\\\${c}`)}%`;',
      'a message': 'throw badParam(`cursor`, `belongs to another list (${tag}), not to ${resource}`);',
      'prepare of a constant': "sqlite.prepare('SELECT count(*) AS n FROM events WHERE id = ?').get(id);",
      'sql`` fragments joined': 'const m = sql.join(parts, sql` AND `);',
    });
    for (const [label, found] of Object.entries(allowed)) t.same(found, [], label);
  });

  t.test('src/query/*.ts binds every value', async (t) => {
    const dir = join(ROOT, 'src/query');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    t.ok(files.length > 5, `${files.length} files checked`);
    const found = unboundSql(Object.fromEntries(files.map((f) => [join(dir, f), readFileSync(join(dir, f), 'utf8')])));
    t.same(
      found.map((f) => f.replace(ROOT, '')),
      [],
      'no SQL built from values',
    );
  });
});

// --- The API cannot write ---------------------------------------------------------------------

t.test('the API opens its database read-only', async (t) => {
  const app = await seededApp(t);
  t.equal(app.database.sqlite.readonly, true, 'the connection is read-only');
  const before = (app.database.sqlite.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  t.throws(() => app.database.sqlite.prepare('DELETE FROM events').run(), /readonly/, 'a DELETE is refused by SQLite');
  t.throws(() => app.database.sqlite.exec("INSERT INTO meta (key, value) VALUES ('x', 'y')"), /readonly/, 'an INSERT too');
  const res = await app.inject({ url: '/health' });
  t.equal(res.json().counts.events, before, 'and nothing changed');

  const spec = await buildApp({ dbFile: ':memory:' });
  t.teardown(() => spec.close());
  await spec.ready();
  t.ok(Object.keys((spec.swagger() as { paths: object }).paths).length > 5, 'an in-memory database still builds the spec');
  t.throws(() => spec.database.sqlite.exec('CREATE TABLE x (a)'), /readonly|query_only|attempt to write/, 'and cannot be written either');
});

// --- Headers, CORS, docs ----------------------------------------------------------------------

t.test('security headers, with Swagger UI still working under its policy', async (t) => {
  const app = await seededApp(t);
  const res = await app.inject({ url: '/events?limit=1' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
  t.equal(res.headers['referrer-policy'], 'no-referrer');
  t.match(res.headers['strict-transport-security'], /max-age=/);
  const csp = String(res.headers['content-security-policy']);
  t.match(csp, /default-src 'self'/);
  t.match(csp, /script-src 'self'(;|$)/, 'no inline or remote script');
  t.notMatch(csp, /https:|cdn|unsafe-eval/, 'no CDN, no eval');

  const docs = await app.inject({ url: '/docs' });
  t.equal(docs.statusCode, 200, 'Swagger UI is served');
  t.match(docs.headers['content-security-policy'], /script-src 'self'/, 'under the same policy');

  t.test(
    'in a real browser: no policy violation, no outside request, and "Try it out" answers',
    { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is not installed` },
    async (t) => {
      const server = await buildApp({ dbFile: await seededDbFile() });
      t.teardown(() => server.close());
      const origin = await server.listen({ port: 0, host: '127.0.0.1' });
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      t.teardown(() => browser.close());
      const page = await browser.newPage();
      const complaints: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') complaints.push(m.text());
      });
      page.on('pageerror', (e) => complaints.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) complaints.push(`outside request: ${r.url()}`);
      });
      await page.goto(`${origin}/docs`);
      await page.waitForSelector('#operations-events-listEvents', { timeout: 20_000 });
      await page.locator('#operations-events-listEvents').click();
      await page.getByRole('button', { name: 'Try it out' }).click();
      await page.getByRole('button', { name: 'Execute' }).click();
      const status = page.locator('.live-responses-table tbody .response-col_status').first();
      await status.waitFor({ timeout: 20_000 });
      t.equal((await status.innerText()).trim(), '200', 'the request Swagger UI sends from the page succeeds');
      t.same(complaints, [], 'no CSP violation, script error or request to another origin');
    },
  );
});

t.test('CORS: any origin by default, a configured list otherwise', async (t) => {
  const open = await seededApp(t);
  const res = await open.inject({ url: '/events?limit=1', headers: { origin: 'https://example.org' } });
  t.equal(res.headers['access-control-allow-origin'], '*', 'a public data API answers every origin');
  t.match(res.headers['access-control-expose-headers'], /link/, 'and lets scripts read the Link header');
  t.match(res.headers['access-control-expose-headers'], /etag/);
  const preflight = await open.inject({
    method: 'OPTIONS',
    url: '/events',
    headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
  });
  t.equal(preflight.statusCode, 204);
  t.match(preflight.headers['access-control-allow-methods'], /GET/);
  t.notMatch(preflight.headers['access-control-allow-methods'], /POST|DELETE|PUT/, 'only reading methods are offered');

  const listed = await buildApp({ dbFile: await seededDbFile(), corsOrigins: ['https://allowed.example'] });
  t.teardown(() => listed.close());
  const allowed = await listed.inject({ url: '/events?limit=1', headers: { origin: 'https://allowed.example' } });
  t.equal(allowed.headers['access-control-allow-origin'], 'https://allowed.example');
  const other = await listed.inject({ url: '/events?limit=1', headers: { origin: 'https://other.example' } });
  t.equal(other.statusCode, 200, 'a request from another origin is still answered (CORS is enforced by the browser)');
  t.notOk(other.headers['access-control-allow-origin'], 'but without permission for the page to read it');

  t.same(loadConfig({ CORS_ORIGINS: ' https://a.example , https://b.example ' }).http.corsOrigins, [
    'https://a.example',
    'https://b.example',
  ]);
  t.equal(loadConfig({}).http.corsOrigins, '*');
});

// --- Rate limiting ----------------------------------------------------------------------------

t.test('local use is never throttled unless the operator says so; every other address is', async (t) => {
  const exempt = await buildApp({ dbFile: await seededDbFile(), rateLimit: { max: 2, timeWindowMs: 60_000 } });
  t.teardown(() => exempt.close());
  const from = (app: typeof exempt, remoteAddress: string) => app.inject({ url: '/actors?limit=1', remoteAddress });
  for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await from(exempt, address)).statusCode);
    t.same(codes, [200, 200, 200, 200], `${address} is exempt`);
  }
  for (const address of ['203.0.113.9', '::ffff:198.51.100.2', '2001:db8::1', '128.0.0.1']) {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await from(exempt, address)).statusCode);
    t.same(codes, [200, 200, 429], `${address} is limited`);
  }
  const strict = await buildApp({ dbFile: await seededDbFile(), rateLimit: { max: 2, timeWindowMs: 60_000, loopback: true } });
  t.teardown(() => strict.close());
  const codes = [];
  for (let i = 0; i < 3; i++) codes.push((await from(strict, '127.0.0.1')).statusCode);
  t.same(codes, [200, 200, 429], 'with RATE_LIMIT_LOOPBACK=1 loopback is limited too');
});

t.test('rate limiting per client address answers 429 problem+json with Retry-After', async (t) => {
  const app = await buildApp({ dbFile: await seededDbFile(), rateLimit: { max: 3, timeWindowMs: 60_000 } });
  t.teardown(() => app.close());
  const from = (remoteAddress: string) => app.inject({ url: '/actors?limit=1', remoteAddress });
  for (let i = 0; i < 3; i++) t.equal((await from('203.0.113.7')).statusCode, 200, `request ${i + 1} of 3 is answered`);
  const limited = await from('203.0.113.7');
  t.equal(limited.statusCode, 429, 'the fourth is refused');
  t.match(limited.headers['content-type'], /^application\/problem\+json/);
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After says when to come back');
  t.match(limited.json().detail, /at most 3 per minute/);
  t.equal((await from('198.51.100.1')).statusCode, 200, 'another address is not affected');

  t.same(loadConfig({ RATE_LIMIT_MAX: '100', RATE_LIMIT_WINDOW: '30 s' }).http.rateLimit, {
    max: 100,
    timeWindowMs: 30_000,
    loopback: false,
  });
  t.same(loadConfig({}).http.rateLimit, { max: 600, timeWindowMs: 60_000, loopback: false }, 'on by default for the server');
  t.match(loadConfig({ RATE_LIMIT_LOOPBACK: '1' }).http.rateLimit, { loopback: true }, 'RATE_LIMIT_LOOPBACK=1 limits loopback too');
  t.throws(() => loadConfig({ RATE_LIMIT_LOOPBACK: 'maybe' }), /RATE_LIMIT_LOOPBACK/);
  t.equal(loadConfig({ RATE_LIMIT_MAX: '0' }).http.rateLimit, false, '0 turns it off');
  t.throws(() => loadConfig({ RATE_LIMIT_MAX: 'lots' }), /RATE_LIMIT_MAX/, 'a bad value stops start-up naming the variable');
  t.throws(() => loadConfig({ RATE_LIMIT_WINDOW: 'a while' }), /RATE_LIMIT_WINDOW/);
});

// --- Sizes, methods, timeouts -----------------------------------------------------------------

/** Writes raw bytes to the server and returns everything it answers before closing. */
function rawExchange(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.write(data);
  });
}

function problemOf(raw: string): { status: number; type: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    type: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '',
    body: body ? JSON.parse(body) : {},
  };
}

t.test('over-long URLs, large headers and bodies, other methods and bad paths get problem+json', async (t) => {
  const app = await seededApp(t);
  const long = await app.inject({ url: `/events?q=${'a'.repeat(9000)}` });
  t.equal(long.statusCode, 414);
  t.match(long.json().detail, /limit is 8192/);
  const body = await app.inject({ url: '/events', headers: { 'content-length': String(1 << 20) }, payload: 'x'.repeat(1 << 20) });
  t.equal(body.statusCode, 413, 'a 1 MB body is refused');
  const post = await app.inject({ method: 'PUT', url: '/events' });
  t.equal(post.statusCode, 405);
  t.equal(post.headers.allow, 'GET, HEAD, OPTIONS');
  const badPath = await app.inject({ url: '/events/%E0%A4%A' });
  t.equal(badPath.statusCode, 400);
  t.same(
    badPath.json().errors.map((e: { param: string }) => e.param),
    ['path'],
    'a malformed percent-escape names the path',
  );

  const server = await buildApp({ dbFile: await seededDbFile() });
  t.teardown(() => server.close());
  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.server.address() as { port: number };
  const hugeUrl = problemOf(await rawExchange(port, `GET /events?q=${'a'.repeat(1 << 20)} HTTP/1.1\r\nHost: x\r\n\r\n`));
  t.equal(hugeUrl.status, 414, 'a 1 MB URL is refused by the HTTP parser with 414');
  t.match(hugeUrl.type, /^application\/problem\+json/, 'as problem+json, read in full by the client');
  const hugeHeader = problemOf(await rawExchange(port, `GET /events HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(32_000)}\r\n\r\n`));
  t.equal(hugeHeader.status, 431, 'a 32 KB header gets 431');
  t.match(hugeHeader.type, /^application\/problem\+json/);
  const garbage = problemOf(await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n'));
  t.equal(garbage.status, 400);
  t.equal((garbage.body.errors as { param: string }[])[0]?.param, 'request');
});

t.test('a client that sends its headers too slowly is cut off with 408', async (t) => {
  const app = await buildApp({ dbFile: await seededDbFile(), timeouts: { headersMs: 300, requestMs: 300 } });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  // The client never finishes its headers and never closes: only the server can end the exchange, and it must
  // do so itself (the FIN arrives as 'end') after answering 408.
  const socket = connect(port, '127.0.0.1');
  t.teardown(() => socket.destroy());
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  const endedByServer = new Promise<boolean>((resolve) => {
    socket.on('end', () => resolve(true));
    socket.on('error', () => resolve(false));
  });
  socket.write('GET /events HTTP/1.1\r\nHost: x\r\n');
  t.equal(await endedByServer, true, 'the server closes the connection itself');
  const answer = problemOf(Buffer.concat(chunks).toString('utf8'));
  t.equal(answer.status, 408);
  t.match(answer.type, /^application\/problem\+json/);
});

// --- Conditional requests ---------------------------------------------------------------------

t.test('ETag and Last-Modified: 304 while the data is unchanged, a full answer once it changes', async (t) => {
  const file = tempDbFile(t);
  await prepareDatabase(file);
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());

  const first = await app.inject({ url: '/actors?limit=5' });
  t.equal(first.statusCode, 200);
  const etag = String(first.headers.etag);
  const lastModified = String(first.headers['last-modified']);
  t.match(etag, /^"/, 'an ETag');
  t.ok(Date.parse(lastModified) > 0, 'a Last-Modified date');
  t.equal(first.headers['cache-control'], 'no-cache', 'clients revalidate instead of guessing freshness');

  const byTag = await app.inject({ url: '/actors?limit=5', headers: { 'if-none-match': etag } });
  t.equal(byTag.statusCode, 304, 'same ETag: 304');
  t.equal(byTag.body, '', 'with no body');
  const inList = await app.inject({ url: '/actors?limit=5', headers: { 'if-none-match': `"other", W/${etag}` } });
  t.equal(inList.statusCode, 304, 'a weak tag in a list matches too');
  const byDate = await app.inject({ url: '/actors?limit=5', headers: { 'if-modified-since': lastModified } });
  t.equal(byDate.statusCode, 304, 'not modified since: 304');
  const otherPage = await app.inject({ url: '/actors?limit=6', headers: { 'if-none-match': etag } });
  t.equal(otherPage.statusCode, 200, 'another representation is answered in full');
  const missing = await app.inject({ url: '/actors/999999', headers: { 'if-none-match': '*', 'if-modified-since': lastModified } });
  t.equal(missing.statusCode, 404, 'an error is never turned into 304');

  await new Promise((r) => setTimeout(r, 1100));
  const writer = new Database(file);
  writer.prepare("UPDATE actors SET name = name || ' (renamed)' WHERE id = (SELECT min(id) FROM actors)").run();
  writer.close();
  const changed = await app.inject({ url: '/actors?limit=5', headers: { 'if-none-match': etag } });
  t.equal(changed.statusCode, 200, 'after a change the old ETag gets the new data');
  t.not(changed.headers.etag, etag);
  const sinceChange = await app.inject({ url: '/actors?limit=5', headers: { 'if-modified-since': lastModified } });
  t.equal(sinceChange.statusCode, 200, 'and the old date does too');
  t.ok(Date.parse(String(sinceChange.headers['last-modified'])) > Date.parse(lastModified), 'Last-Modified moved on');
});
