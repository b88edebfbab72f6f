import { type ChildProcess, spawn } from 'node:child_process';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunningServer {
  child: ChildProcess;
  /** Every line the server wrote to stdout (pino JSON) and stderr. */
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `src/server.ts` (with tsx) or a compiled server (`dist/server/*.js`, as `npm start` does) as its own process, on a free loopback port. */
export function startServer(env: Record<string, string>, script = 'src/server.ts', cwd = ROOT): RunningServer {
  const child = spawn(process.execPath, script.endsWith('.ts') ? ['--import', 'tsx', script] : [script], {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      into.push(...lines);
    };
  };
  child.stdout?.on('data', collect(stdout));
  child.stderr?.on('data', collect(stderr));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout, stderr, exited };
}

/** The URL the server listens on, once it logs `ready`; rejects if it exits first. */
export async function waitForReady(server: RunningServer): Promise<string> {
  const entry = await logLine(server, 'ready');
  return String(entry.url);
}

export interface Outcome {
  id: string;
  sentAt: number;
  doneAt: number;
  status?: number;
  complete: boolean;
  bytes: number;
  error?: string;
}

/** One GET on its own connection; complete when the body has the announced length and parses. */
export function fetchOnce(
  port: number,
  path: string,
  id: string,
  onResponse?: (pause: () => void, resume: () => void) => void,
): Promise<Outcome> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    let bytes = 0;
    const req = get({ host: '127.0.0.1', port, path, agent: false, headers: { 'x-request-id': id } }, (res) => {
      const chunks: Buffer[] = [];
      onResponse?.(
        () => res.pause(),
        () => res.resume(),
      );
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        chunks.push(c);
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let parses = true;
        try {
          JSON.parse(body.toString('utf8'));
        } catch {
          parses = path.includes('format=csv');
        }
        const complete = res.complete && Number(res.headers['content-length'] ?? body.length) === body.length && parses;
        resolve({ id, sentAt, doneAt: Date.now(), status: res.statusCode, complete, bytes });
      });
      res.on('error', (e: NodeJS.ErrnoException) =>
        resolve({ id, sentAt, doneAt: Date.now(), status: res.statusCode, complete: false, bytes, error: e.code ?? e.message }),
      );
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ id, sentAt, doneAt: Date.now(), complete: false, bytes, error: e.code ?? e.message }),
    );
  });
}

export const HEAVY_PATHS = [
  '/events?limit=500',
  '/claims?limit=500',
  '/events?limit=500&format=csv',
  `/events?limit=200&q=${encodeURIComponent('الرقة')}`,
  '/casualty-reports?limit=500',
];

/** Resolves with the first log line (pino JSON on stdout) whose msg starts with `prefix`, as soon as the server writes it. */
export function logLine(server: RunningServer, prefix: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const check = () => {
      for (const line of server.stdout) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (typeof entry.msg === 'string' && entry.msg.startsWith(prefix)) {
          server.child.stdout?.off('data', onData);
          server.child.off('exit', onExit);
          resolve(entry);
          return true;
        }
      }
      return false;
    };
    // Runs after the collector of startServer has split the chunk into lines.
    const onData = () => setImmediate(check);
    const onExit = () => setImmediate(() => check() || reject(new Error(`exited before logging "${prefix}": ${server.stderr.join('\n')}`)));
    if (check()) return;
    server.child.stdout?.on('data', onData);
    server.child.on('exit', onExit);
  });
}

/** The server's JSON log lines so far, parsed. */
export function logEntries(server: RunningServer): Record<string, any>[] {
  return server.stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Resolves once the server's log lines so far satisfy `done`; rejects if it exits first. */
export function untilLogs(server: RunningServer, done: (entries: Record<string, any>[]) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done(logEntries(server))) return false;
      server.child.stdout?.off('data', onData);
      server.child.off('exit', onExit);
      resolve();
      return true;
    };
    // After the collector of startServer has split the chunk into lines.
    const onData = () => setImmediate(check);
    const onExit = () => setImmediate(() => check() || reject(new Error('the server exited first')));
    if (check()) return;
    server.child.stdout?.on('data', onData);
    server.child.on('exit', onExit);
  });
}
