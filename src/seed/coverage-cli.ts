import { loadCorpus } from './corpus.js';
import { sentences, uncoveredSentences } from './coverage.js';

/** `npm run corpus:coverage`: per article, the sentences no claim's quote touches. */
const corpus = await loadCorpus();
for (const article of corpus.articles) {
  const all = sentences(article.text);
  const uncovered = uncoveredSentences(article);
  console.log(
    `${article.seed.file_name}: ${all.length - uncovered.length}/${all.length} sentences covered by ${article.seed.claims.length} claims`,
  );
  for (const s of uncovered) console.log(`  [${s.start}, ${s.end}) ${s.text}`);
}
