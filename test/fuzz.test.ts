import t from 'tap';
import { formatReport, runFuzz } from '../scripts/fuzz.js';
import { seededDbFile } from './helpers.js';

// A fixed seed, so that the suite sends the same requests every run and cannot fail by chance; a long run with
// fresh seeds is `npm run fuzz`. FUZZ_SEED picks another seed for a one-off run of this file.
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 17;

t.test(`2,000 requests fuzzed from openapi.yaml, then 1,000 with a coder or editor key (seed ${seed})`, async (t) => {
  // No time limit: a slow machine takes longer, it does not fail (tap's own timeout still ends a hung run).
  const report = await runFuzz({
    requests: 2000,
    keyedRequests: 1000,
    seed,
    target: 'inject',
    dbFile: await seededDbFile(),
    maxSeconds: Number.POSITIVE_INFINITY,
  });
  t.comment(formatReport(report));

  t.equal(report.sent, 3000, 'every request was sent');
  t.equal(report.keyed.sent, 1000, 'a thousand of them with a key');
  t.equal(report.transportErrors.count, 0, 'every request was answered');
  t.equal(report.serverErrors, 0, 'no 5xx');
  t.same(report.violations.examples, [], 'every 4xx is problem+json naming a parameter (or, for 404/405/406/413/414/429, the problem)');
  t.ok(report.stillAnswers, 'the app still answers /health afterwards');
  t.ok(report.memoryReturned, `heap after GC within tolerance of its baseline (${report.memory.heapGrowthMb} MB)`);

  // The run reached both the queries and the validation, not only one of them.
  const ok = report.byStatus['200'] ?? 0;
  const bad = report.byStatus['400'] ?? 0;
  t.ok(ok > 500, `${ok} answered 200: well-formed requests reach the data`);
  t.ok(bad > 200, `${bad} answered 400`);
  const namedParams = Object.keys(report.clientErrorsByKind).filter((k) => /^400 [a-z_]+$/.test(k));
  t.ok(namedParams.length >= 12, `${namedParams.length} different parameters of the spec named in 400s`);
  t.ok((report.clientErrorsByKind['400 unknown parameter'] ?? 0) > 0, 'unknown parameters were refused by name');
  t.ok(
    ['404', '405', '414'].every((s) => (report.byStatus[s] ?? 0) > 0),
    '404, 405 and 414 were provoked',
  );

  // With a key the bodies reach the write service: records are made, and refused by the field they break.
  const keyed = report.keyed.byStatus;
  t.ok((keyed['201'] ?? 0) > 50, `${keyed['201'] ?? 0} records created`);
  t.ok((keyed['200'] ?? 0) > 50, `${keyed['200'] ?? 0} answered 200 (updates, publications, retractions and reads)`);
  const namedFields = Object.keys(report.clientErrorsByKind).filter((k) => k.startsWith('422 '));
  t.ok(namedFields.length >= 20, `${namedFields.length} different body fields named in 422s`);
  t.ok(
    ['409', '412', '428'].every((s) => (keyed[s] ?? 0) > 0),
    'conflicts, stale and missing If-Match were provoked',
  );
});
