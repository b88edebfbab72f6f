import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NORMALISATION_VERSION } from '../names/normalise.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export const SEED_DIR = resolve(HERE, '../../seed');

/**
 * The code that turns the seed's files into the corpus and its fingerprint
 * (src/seed/load.ts): the schemas with their defaults, the cross-checks, the
 * enumerations they take from src/domain.ts.
 */
const CORPUS_CODE = [join(HERE, 'format.ts'), join(HERE, 'corpus.ts'), join(HERE, 'load.ts'), resolve(HERE, '../domain.ts')];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []))
    .sort();
}

/**
 * A hash of what the seed is made of: every file under `dir` and the code
 * that parses them. Equal hashes give the same corpus, so start-up can see
 * that nothing changed by reading 300 KB, without importing and parsing the
 * seed (see src/db/prepare.ts).
 */
export function seedSourceHash(dir = SEED_DIR): string {
  const hash = createHash('sha256');
  hash.update(`normalisation ${NORMALISATION_VERSION}\0`);
  for (const file of [...filesUnder(dir), ...CORPUS_CODE])
    hash
      .update(`${relative(dir, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  return hash.digest('hex');
}
