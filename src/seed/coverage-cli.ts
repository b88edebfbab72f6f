import { loadCorpus } from './corpus.js';
import { sentences, uncoveredSentences } from './coverage.js';
import { numberCoverage } from './numbers.js';

/**
 * `npm run corpus:coverage`: per article, the sentences no claim's quote
 * touches, then every number the article states and where it is coded
 * (casualty report, figure, or a note's reason). Exits 1 if a number is coded nowhere.
 */
const corpus = await loadCorpus();
let uncoded = 0;
for (const article of corpus.articles) {
  const all = sentences(article.text);
  const uncovered = uncoveredSentences(article);
  console.log(
    `${article.seed.file_name}: ${all.length - uncovered.length}/${all.length} sentences covered by ${article.seed.claims.length} claims`,
  );
  for (const s of uncovered) console.log(`  [${s.start}, ${s.end}) ${s.text}`);
  const numbers = numberCoverage(article);
  console.log(`  numbers: ${numbers.filter((n) => n.coded).length}/${numbers.length} coded`);
  for (const n of numbers) console.log(`    [${n.start}, ${n.end}) ${n.text} -> ${n.coded ?? 'NOT CODED'}`);
  uncoded += numbers.filter((n) => !n.coded).length;
}
if (uncoded > 0) {
  console.error(`${uncoded} number(s) coded nowhere`);
  process.exit(1);
}
