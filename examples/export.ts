/**
 * Exports the events involving ISIS in Deir ez-Zor as a CSV file (ACLED
 * columns, with a byte-order mark so spreadsheet programs read the Arabic
 * place names) and a GeoJSON file (for QGIS, geojson.io, Leaflet...). Both span
 * every page of the list.
 *
 *   npx tsx examples/export.ts [BASE_URL] [OUT_DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClient } from 'syria-claims-api/client';

const baseUrl = process.argv[2] ?? process.env.API_URL ?? 'http://127.0.0.1:3000';
const outDir = resolve(process.argv[3] ?? 'exports');
const api = createClient({ baseUrl });
const filters = { actor: 'ISIS', place: 'Deir ez-Zor' };

mkdirSync(outDir, { recursive: true });

const csv = await api.csv('/events', { ...filters, bom: '1' });
const csvFile = join(outDir, 'isis-deir-ez-zor.csv');
writeFileSync(csvFile, csv);
const rows = csv.split('\n').filter((l) => l !== '').length - 1;
console.log(`${csvFile}: ${rows} events`);

const geojson = await api.geojson('/events', filters);
const geojsonFile = join(outDir, 'isis-deir-ez-zor.geojson');
writeFileSync(geojsonFile, `${JSON.stringify(geojson, null, 2)}\n`);
console.log(`${geojsonFile}: ${geojson.features.length} located events, ${geojson.unlocated.length} without coordinates`);
