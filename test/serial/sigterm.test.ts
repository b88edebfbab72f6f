import t from 'tap';
import { prepareDatabase } from '../../src/db/prepare.js';
import { tempDbFile } from '../helpers.js';
import { fetchOnce, HEAVY_PATHS, logLine, type Outcome, startServer, waitForReady } from '../server-process.js';

// This file lies under test/serial/, which package.json's tap config marks serial: tap runs it alone, so the server
// under test shares the machine's cores with no other test file. Nothing here waits a fixed time: each step waits
// for the server's own log line or for the answers themselves.

t.test('SIGTERM under load: every request sent before it gets a complete 200, then the process exits 0', async (t) => {
  const file = tempDbFile(t);
  await prepareDatabase(file);
  // The late request below must reach the server inside the drain window; a busy machine can take longer than the
  // default 200 ms to send it after the signal, so the window is widened (the behaviour asserted is the same).
  const server = startServer({ DB_FILE: file, DRAIN_QUIET_MS: '2000' });
  t.teardown(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });
  const port = Number(new URL(await waitForReady(server)).port);

  // 24 clients, one connection per request, more than the server can answer at once: requests queue in the
  // kernel's accept queue and in the server. Like a load balancer, they send nothing new once SIGTERM is sent.
  const outcomes: Outcome[] = [];
  let sequence = 0;
  let signalled = false;
  const worker = async () => {
    while (!signalled && sequence < 4000) {
      const n = sequence++;
      outcomes.push(await fetchOnce(port, HEAVY_PATHS[n % HEAVY_PATHS.length] as string, `load-${n}`));
    }
  };
  const workers = Array.from({ length: 24 }, worker);
  while (outcomes.filter((o) => o.complete).length < 150) await new Promise((r) => setTimeout(r, 20));

  // Readers that hold their answer half-read across the signal.
  const resumers: (() => void)[] = [];
  const slowReaders = Array.from({ length: 6 }, (_, i) =>
    fetchOnce(port, '/claims?limit=500', `slow-${i}`, (pause, resume) => {
      pause();
      resumers.push(resume);
    }),
  );
  while (resumers.length < slowReaders.length) await new Promise((r) => setTimeout(r, 10));

  const signalledAt = Date.now();
  signalled = true;
  const draining = logLine(server, 'shutting down: draining');
  const closing = logLine(server, 'no new connections; closing the listener');
  server.child.kill('SIGTERM');
  await draining;
  // The server has taken the signal and still accepts: a request sent now is answered.
  const late = fetchOnce(port, '/events?limit=1', 'late');
  const lateOutcome = await late;
  // The listener is closed while the half-read answers are still pending; only now are they read on.
  await closing;
  for (const resume of resumers) resume();
  const exit = await server.exited;
  await Promise.all(workers);
  outcomes.push(...(await Promise.all(slowReaders)));
  const refusedAfterExit = await fetchOnce(port, '/events?limit=1', 'after-exit');

  t.same(exit, { code: 0, signal: null }, 'the server exits cleanly after draining');
  const lost = outcomes.filter((o) => !(o.complete && o.status === 200));
  t.same(
    lost.map((o) => `${o.id}: ${o.status ?? '-'} ${o.error ?? ''} after ${o.bytes} bytes`),
    [],
    `all ${outcomes.length} requests sent before SIGTERM got a complete 200`,
  );
  // Every client had a request outstanding when the signal was sent (each sends its next as soon as one is done).
  const inFlight = outcomes.filter((o) => o.doneAt > signalledAt);
  t.ok(inFlight.length >= 24, `${inFlight.length} of them were queued or in flight when SIGTERM arrived`);
  const slow = outcomes.filter((o) => o.id.startsWith('slow-'));
  t.equal(slow.length, 6);
  t.ok(
    slow.every((o) => o.complete && o.status === 200),
    'the half-read answers were completed after the listener closed',
  );
  t.ok(lateOutcome.complete && lateOutcome.status === 200, 'a request arriving while the accept queue drains is still answered');
  t.equal(refusedAfterExit.error, 'ECONNREFUSED', 'and once the process is gone, connections are refused');
  const logs = server.stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg?: string });
  t.ok(
    logs.some((e) => e.msg === 'shut down cleanly'),
    'the log says it shut down cleanly',
  );
});
