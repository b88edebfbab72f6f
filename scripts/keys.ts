/**
 * Manages API keys in the database file (DB_FILE, as the server):
 *
 *   npm run keys -- create --name <name> --role coder|editor|admin [--expires <ISO date>]
 *   npm run keys -- list
 *   npm run keys -- revoke <name>
 *
 * `create` prints the key alone on its last line, once: only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { createKey, KeyError, listKeys, type Role, revokeKey } from '../src/write/keys.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, role: { type: 'string' }, expires: { type: 'string' } },
});
const [command, argument] = positionals;
const { dbFile } = loadConfig();
await prepareDatabase(dbFile);
const database = openDatabase(dbFile);
try {
  if (command === 'create') {
    if (!values.name || !values.role) throw new KeyError('create needs --name <name> --role coder|editor|admin');
    const key = createKey(database.db, values.name, values.role as Role, { expiresAt: values.expires ?? null });
    console.log(`Created ${values.role} key '${values.name}'. Keep it now: it is not shown again.`);
    console.log(key);
  } else if (command === 'list') {
    for (const k of listKeys(database.db)) {
      const state = k.revoked_at ? `revoked ${k.revoked_at}` : k.expires_at ? `expires ${k.expires_at}` : 'active';
      console.log(`${k.name}\t${k.role}\tcreated ${k.created_at}\t${state}`);
    }
  } else if (command === 'revoke' && argument) {
    if (!revokeKey(database.db, argument)) throw new KeyError(`no key named '${argument}'`);
    console.log(`Revoked '${argument}'.`);
  } else {
    throw new KeyError('usage: keys create --name <name> --role coder|editor|admin | keys list | keys revoke <name>');
  }
} catch (error) {
  if (!(error instanceof KeyError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  database.close();
}
