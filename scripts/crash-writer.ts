/**
 * The writer the crash test (test/writes-crash.test.ts) kills with SIGKILL: steady
 * creates and merge-patch updates through the write service (the code behind
 * POST and PATCH), on a connection opened as the API's writer is. After each
 * commit returns it prints `ack <action> <resource> <id> <version> <value>`
 * (stdout to a pipe is synchronous on Linux, so a printed ack was committed).
 *
 *   tsx scripts/crash-writer.ts <db file> <key name> <seed>
 */
import { openDatabase } from '../src/db/client.js';
import { WriteService } from '../src/write/service.js';

const [file, keyName, seedText] = process.argv.slice(2);
const writer = openDatabase(file as string, { durable: true });
const service = new WriteService(writer);
const caller = { name: keyName as string, role: 'coder' as const };
let state = Number(seedText) || 1;
const random = () => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
};
const mine: { id: number; version: number }[] = [];
process.stdout.write('ready\n');
for (let n = 0; ; n++) {
  const value = `${seedText}-${n}`;
  if (mine.length === 0 || random() < 0.5) {
    const { record } = service.create(caller, 'actors', { name: `Crash ${value}`, kind: 'armed_group', note: value });
    mine.push({ id: record.id, version: record.version });
    process.stdout.write(`ack created actors ${record.id} ${record.version} ${value}\n`);
  } else {
    const target = mine[Math.floor(random() * mine.length)] as { id: number; version: number };
    const record = service.update(caller, 'actors', target.id, { note: value }, `"actors.${target.id}.v${target.version}"`);
    target.version = record.version;
    process.stdout.write(`ack updated actors ${record.id} ${record.version} ${value}\n`);
  }
}
