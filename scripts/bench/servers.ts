import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root: the servers are started from there. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The API as `npm run start:cluster` runs it: compiled by scripts/build-server.ts. */
export const API_SCRIPT = 'dist/server/cluster.js';

export interface Server {
  child: ChildProcess;
  ready: Record<string, unknown>;
  spawnToReadyMs: number;
  logFile: string;
}

/** Starts `script` on 127.0.0.1:`port` with info-level logging to a temporary file, and waits for its "ready" line. */
export async function startServer(script: string, env: Record<string, string>, label: string, port: number): Promise<Server> {
  const logFile = join(tmpdir(), `bench-${label}-${process.pid}.log`);
  const fd = openSync(logFile, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, script.endsWith('.ts') ? ['--import', 'tsx', script] : [script], {
    cwd: ROOT,
    // One client address sends everything here, so the per-address rate limit is off: the run measures capacity.
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX: '0',
    },
    stdio: ['ignore', fd, fd],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}; see ${logFile}`);
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((l) => l.includes('"msg":"ready"'));
    if (line) return { child, ready: JSON.parse(line), spawnToReadyMs: Math.round(performance.now() - started), logFile };
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  throw new Error(`${label} did not start within 120 s; see ${logFile}`);
}

export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

export type Memory = { pid: number; rss_mb: number; peak_rss_mb: number }[];

/** Resident memory of a process and its children (the workers): current and peak (VmHWM), in MB. */
export function memoryOf(pid: number): Memory {
  const read = (p: number) => {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { pid: p, rss_mb: Math.round(kb('VmRSS') / 1024), peak_rss_mb: Math.round(kb('VmHWM') / 1024) };
  };
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [read(pid), ...children.map(read)];
}
