import { createHash, randomBytes, scrypt as scryptCallback, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiKeys } from '../db/schema.js';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number }) => Promise<Buffer>;

export const ROLES = ['coder', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** The holder of a verified key, as the write service sees it. */
export interface Caller {
  name: string;
  role: Role;
}

/**
 * scrypt with N = 2^14 (Node's default, 16 MiB, ~40 ms here): slow enough that
 * a stolen table cannot be brute-forced fast, and verified keys are cached in
 * memory so a busy coder pays it once per process, not per request.
 */
const N = 16384;
const KEY_LENGTH = 32;
/** `cak_<key id>_<secret>`: the key id (public) finds the row; only the secret's hash is stored. */
const KEY_FORMAT = /^cak_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;

const b64 = (buffer: Buffer) => buffer.toString('base64url');

export class KeyError extends Error {
  override name = 'KeyError';
}

export function createKey(db: Db, name: string, role: Role, options: { expiresAt?: string | null } = {}): string {
  if (!/^[\w.@-]{1,64}$/.test(name)) throw new KeyError(`a key name is 1-64 letters, digits, '_', '.', '@' or '-', not '${name}'`);
  if (!ROLES.includes(role)) throw new KeyError(`role must be one of ${ROLES.join(', ')}, not '${role}'`);
  if (db.select().from(apiKeys).where(eq(apiKeys.name, name)).get()) throw new KeyError(`a key named '${name}' exists already`);
  const keyId = b64(randomBytes(9));
  const secret = b64(randomBytes(32));
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, KEY_LENGTH, { N });
  db.insert(apiKeys)
    .values({
      name,
      role,
      key_id: keyId,
      hash: `scrypt$${N}$${b64(salt)}$${b64(hash)}`,
      created_at: new Date().toISOString(),
      expires_at: options.expiresAt ?? null,
    })
    .run();
  return `cak_${keyId}_${secret}`;
}

export function listKeys(db: Db): Omit<ApiKeyRow, 'hash' | 'key_id'>[] {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      created_at: apiKeys.created_at,
      revoked_at: apiKeys.revoked_at,
      expires_at: apiKeys.expires_at,
    })
    .from(apiKeys)
    .orderBy(apiKeys.id)
    .all();
}

export function revokeKey(db: Db, name: string): boolean {
  const result = db.update(apiKeys).set({ revoked_at: new Date().toISOString() }).where(eq(apiKeys.name, name)).run();
  return result.changes > 0;
}

/** SHA-256 of secrets already verified in this process, by key id: the scrypt cost is paid once (the row is still read every time, so a revocation counts at once). */
const verified = new Map<string, Buffer>();

/** Why a credential was refused, for the 401's detail (never the key itself). */
export type Refusal = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired';

/** The caller a bearer key belongs to, or why it is refused; compares in constant time. */
export async function verifyKey(db: Db, presented: string | undefined, now = new Date()): Promise<Caller | Refusal> {
  if (!presented) return 'missing';
  const match = KEY_FORMAT.exec(presented);
  if (!match) return 'malformed';
  const [, keyId = '', secret = ''] = match;
  const row = db.select().from(apiKeys).where(eq(apiKeys.key_id, keyId)).get();
  if (!row) return 'unknown';
  const [, n, salt, stored] = row.hash.split('$');
  const expected = Buffer.from(stored ?? '', 'base64url');
  const known = verified.get(keyId);
  const candidate = createHash('sha256').update(secret).digest();
  const ok = known
    ? known.length === candidate.length && timingSafeEqual(known, candidate)
    : timingSafeEqual(await scrypt(secret, Buffer.from(salt ?? '', 'base64url'), KEY_LENGTH, { N: Number(n) }), expected);
  if (!ok) return 'unknown';
  if (!known) verified.set(keyId, candidate);
  if (row.revoked_at) return 'revoked';
  if (row.expires_at && Date.parse(row.expires_at) <= now.getTime()) return 'expired';
  return { name: row.name, role: row.role };
}
