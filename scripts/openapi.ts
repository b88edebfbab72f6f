import { writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';

/** `npm run openapi`: writes openapi.yaml from the routes' own schemas. */
const app = await buildApp({ dbFile: ':memory:' });
await app.ready();
writeFileSync(new URL('../openapi.yaml', import.meta.url), app.swagger({ yaml: true }));
await app.close();
console.log('openapi.yaml written');
