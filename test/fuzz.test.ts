import t from 'tap';
import { formatReport, runFuzz } from '../scripts/fuzz.js';
import { seededDbFile } from './helpers.js';

// A fixed seed, so that the suite sends the same requests every run and cannot fail by chance; a long run with
// fresh seeds is `npm run fuzz`. FUZZ_SEED picks another seed for a one-off run of this file.
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 17;

t.test(`2,000 requests fuzzed from openapi.yaml (seed ${seed})`, async (t) => {
  // No time limit: a slow machine takes longer, it does not fail (tap's own timeout still ends a hung run).
  const report = await runFuzz({
    requests: 2000,
    seed,
    target: 'inject',
    dbFile: await seededDbFile(),
    maxSeconds: Number.POSITIVE_INFINITY,
  });
  t.comment(formatReport(report));

  t.equal(report.sent, 2000, 'every request was sent');
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
});
