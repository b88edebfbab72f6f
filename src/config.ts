import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { HttpPolicy } from './http/hardening.js';
import type { AuthPolicy } from './plugins/auth.js';

/**
 * Every environment variable the server (`npm start`) and the cluster
 * (`npm run start:cluster`) read, with its default and what a valid value is.
 * README's Configuration table describes the same variables.
 */

/** data/claims.db in the project, wherever the server is started from. */
const DEFAULT_DB_FILE = fileURLToPath(new URL('../data/claims.db', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const DURATION = /^(\d+)\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration such as `60000`, `30 s`, `1 minute` or `2 hours`, in milliseconds; null when it is none of those. */
function parseDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  const unit = (match[2] ?? 'ms').toLowerCase();
  const ms = Number(match[1]) * (UNIT_MS[unit === 'ms' ? 'ms' : (unit[0] as string)] ?? 1);
  return ms > 0 ? ms : null;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // Missing: start-up creates it.
    return false;
  }
}

const wholeNumber = z.string().regex(/^\d+$/).transform(Number);
const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** One entry per variable: its schema (input: the trimmed text, or undefined when unset or blank) and what a valid value is. */
const VARIABLES = {
  PORT: {
    schema: wholeNumber.pipe(z.number().max(65_535)).default(3000),
    valid: 'a port number from 0 to 65535 (0: any free port)',
  },
  HOST: { schema: z.string().default('127.0.0.1'), valid: 'an interface address or host name' },
  DB_FILE: {
    schema: z
      .string()
      .default(DEFAULT_DB_FILE)
      .transform((path) => resolve(path))
      .refine((path) => !isDirectory(path), { message: 'it is a directory' }),
    valid: 'the path of a SQLite file',
  },
  PUBLIC_URL: {
    schema: z
      .url({ protocol: /^https?$/ })
      .optional()
      .transform((url) => url?.replace(/\/+$/, '')),
    valid: 'an absolute http(s) URL such as https://claims.example.org',
  },
  LOG_LEVEL: { schema: z.enum(LOG_LEVELS).default('info'), valid: `a pino log level (${LOG_LEVELS.join(', ')})` },
  WORKERS: {
    schema: wholeNumber.pipe(z.number().min(1)).default(() => availableParallelism()),
    valid: 'a positive whole number of worker processes',
  },
  DRAIN_QUIET_MS: {
    schema: wholeNumber.pipe(z.number().min(1).max(60_000)).default(200),
    valid: 'a whole number of milliseconds from 1 to 60000',
  },
  CORS_ORIGINS: {
    schema: z
      .string()
      .default('*')
      .transform((text): string[] | '*' => (text === '*' ? '*' : list(text))),
    valid: "'*' or a comma-separated list of origins",
  },
  READ_ACCESS: { schema: z.enum(['public', 'key']).default('public'), valid: "'public' (anyone reads) or 'key' (reads need a key too)" },
  WRITE_RATE_LIMIT: {
    schema: wholeNumber.pipe(z.number().min(1)).default(120),
    valid: 'a positive whole number of writes per key per minute',
  },
  AUTH_FAILURE_LIMIT: {
    schema: wholeNumber.pipe(z.number().min(1)).default(30),
    valid: 'a positive whole number of failed authentications per address per minute',
  },
  RATE_LIMIT_MAX: { schema: wholeNumber.default(600), valid: 'a whole number (0 turns limiting off)' },
  RATE_LIMIT_LOOPBACK: {
    schema: z
      .enum(['0', '1', 'true', 'false'])
      .default('0')
      .transform((v) => v === '1' || v === 'true'),
    valid: "'1' or 'true' (limit loopback clients too), '0' or 'false' (exempt them: the default)",
  },
  RATE_LIMIT_WINDOW: {
    schema: z
      .string()
      .default('1 minute')
      .transform((text) => parseDuration(text))
      .pipe(z.number()),
    valid: "a duration such as '60000', '30 s' or '1 minute'",
  },
  TRUST_PROXY: {
    schema: z
      .string()
      .optional()
      .transform((text): boolean | string[] => (text === undefined || text === 'false' ? false : text === 'true' ? true : list(text))),
    valid: "'true', 'false' or a comma-separated list of proxy addresses",
  },
} as const;

type Variable = keyof typeof VARIABLES;

const blankIsUnset = (value: unknown) => (typeof value === 'string' ? value.trim() || undefined : value);

const environment = z.object(
  Object.fromEntries(Object.entries(VARIABLES).map(([name, v]) => [name, z.preprocess(blankIsUnset, v.schema)])) as {
    [K in Variable]: z.ZodPipe<z.ZodTransform, (typeof VARIABLES)[K]['schema']>;
  },
);

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the database file. */
  dbFile: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** The address the API is published under (permalinks, the data package); undefined: each request's Host. */
  publicUrl: string | undefined;
  /** Processes `npm run start:cluster` runs (default: one per core). */
  workers: number;
  /** On SIGTERM/SIGINT, how long no new connection must arrive before the listener closes. */
  drainQuietMs: number;
  /** The HTTP policy the server runs with; unlike buildApp's default, rate limiting is on. */
  http: Required<Pick<HttpPolicy, 'corsOrigins' | 'rateLimit' | 'trustProxy'>>;
  /** Who may read, and the per-key write and per-address failed-authentication limits. */
  auth: Required<AuthPolicy>;
}

/** A variable with a value the server cannot run with; the message names it and says what it must be. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks the configuration; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const name = issue.path[0] as Variable;
    const reason = issue.code === 'custom' ? ` (${issue.message})` : '';
    throw new ConfigError(`${name} must be ${VARIABLES[name].valid}, not '${env[name]}'${reason}`);
  }
  const vars = parsed.data;
  return {
    port: vars.PORT,
    host: vars.HOST,
    dbFile: vars.DB_FILE,
    logLevel: vars.LOG_LEVEL,
    publicUrl: vars.PUBLIC_URL,
    workers: vars.WORKERS,
    drainQuietMs: vars.DRAIN_QUIET_MS,
    http: {
      corsOrigins: vars.CORS_ORIGINS,
      rateLimit:
        vars.RATE_LIMIT_MAX === 0
          ? false
          : { max: vars.RATE_LIMIT_MAX, timeWindowMs: vars.RATE_LIMIT_WINDOW, loopback: vars.RATE_LIMIT_LOOPBACK },
      trustProxy: vars.TRUST_PROXY,
    },
    auth: { readAccess: vars.READ_ACCESS, writesPerMinute: vars.WRITE_RATE_LIMIT, authFailuresPerMinute: vars.AUTH_FAILURE_LIMIT },
  };
}
