import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { seededDbFile } from './helpers.js';

type Json = Record<string, any>;

const ANNO = 'http://www.w3.org/ns/anno.jsonld';

/**
 * What a Web Annotation client (Hypothesis, Recogito, an IIIF viewer...) needs of
 * an annotation, after the W3C Web Annotation Data Model: the context, an id, the
 * type, a body, and a target with a source and selectors that find the text again.
 */
function checkModel(t: Test, a: Json, label: string) {
  t.equal(a['@context'], ANNO, `${label}: the Web Annotation context`);
  t.match(a.id, /^https?:\/\/[^/]+\/claims\/\d+$/, `${label}: id is an absolute permalink`);
  t.equal(a.type, 'Annotation', `${label}: type Annotation`);
  t.ok(Array.isArray(a.body) && a.body.length > 0, `${label}: a body`);
  t.ok(
    a.body.every((b: Json) => b.type === 'TextualBody' && typeof b.value === 'string'),
    `${label}: textual bodies`,
  );
  t.match(a.target, { source: /^https?:\/\/[^/]+\/articles\/\d+$/, selector: Array }, `${label}: target with source and selector`);
  t.ok(Array.isArray(a.creator) && a.creator.every((c: Json) => c.id && c.type && c.name), `${label}: creators`);
}

t.test('claims as W3C Web Annotations', async (t) => {
  const app = await buildApp({ dbFile: await seededDbFile() });
  t.teardown(() => app.close());
  const texts = new Map<string, string>();
  const articleText = async (source: string) => {
    const path = new URL(source).pathname;
    if (!texts.has(path)) texts.set(path, (await app.inject({ url: path })).json().text);
    return texts.get(path) as string;
  };

  t.test('GET /claims/{id} with Accept: application/ld+json', async (t) => {
    const json = (await app.inject({ url: '/claims/5' })).json();
    const res = await app.inject({ url: '/claims/5', headers: { accept: 'application/ld+json' } });
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^application\/ld\+json/);
    const a = res.json();
    checkModel(t, a, 'claim 5');
    t.equal(a.body[0].value, json.statement_en, 'the English statement is the body');
    t.equal(a.body[0].language, 'en');
    t.ok(
      a.creator.some((c: Json) => c.name === json.claimant.name),
      'the claimant is a creator',
    );
    t.equal((await app.inject({ url: new URL(a.id).pathname })).json().id, 5, 'the permalink dereferences to the claim');
    t.same((await app.inject({ url: '/claims/5?format=jsonld' })).json(), a, '?format=jsonld is the same');
    t.equal((await app.inject({ url: '/claims/5', headers: { accept: 'text/csv' } })).statusCode, 406);
    t.equal((await app.inject({ url: '/claims/987654', headers: { accept: 'application/ld+json' } })).statusCode, 404);
  });

  t.test('every claim: the selectors find the quote in the article text', async (t) => {
    const items: Json[] = [];
    let url: string | null = '/claims?limit=500&format=jsonld';
    while (url) {
      const page: Json = (await app.inject({ url })).json();
      t.equal(page.type, 'AnnotationPage');
      items.push(...page.items);
      url = page.next ? new URL(page.next).pathname + new URL(page.next).search : null;
    }
    const total = (await app.inject({ url: '/claims?limit=1' })).json().meta.total;
    t.equal(items.length, total, 'one annotation per claim, across the pages');
    let failures = 0;
    for (const a of items) {
      const text = await articleText(a.target.source);
      const quote = a.target.selector.find((s: Json) => s.type === 'TextQuoteSelector');
      const position = a.target.selector.find((s: Json) => s.type === 'TextPositionSelector');
      const codePoints = [...text];
      const ok =
        quote &&
        position &&
        text.includes(`${quote.prefix}${quote.exact}${quote.suffix}`) &&
        codePoints.slice(position.start, position.end).join('') === quote.exact &&
        (quote.prefix.length > 0 || position.start === 0) &&
        [...quote.prefix].length <= 32 &&
        [...quote.suffix].length <= 32;
      if (!ok) {
        failures++;
        t.fail(`${a.id}: selectors do not resolve (${JSON.stringify(a.target)})`);
      }
    }
    t.equal(failures, 0, `all ${items.length} annotations resolve to their quotes`);
  });

  t.test('PUBLIC_URL makes the permalinks', async (t) => {
    const published = await buildApp({ dbFile: await seededDbFile(), publicUrl: 'https://claims.example.org' });
    t.teardown(() => published.close());
    const a = (await published.inject({ url: '/claims/5', headers: { accept: 'application/ld+json' } })).json();
    t.equal(a.id, 'https://claims.example.org/claims/5');
    t.equal(a.target.source, 'https://claims.example.org/articles/1');
    t.equal(loadConfig({ PUBLIC_URL: 'https://claims.example.org/' }).publicUrl, 'https://claims.example.org');
    t.equal(loadConfig({}).publicUrl, undefined);
    t.throws(() => loadConfig({ PUBLIC_URL: 'claims.example.org' }), /PUBLIC_URL/);
  });
});
