import type { FastifyInstance } from 'fastify';

/** How long shutdown waits, in all, for queued and in-flight requests before giving up on them. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Shutdown keeps accepting until no connection has arrived for `quietMs`
 * (DRAIN_QUIET_MS, 200 ms by default: a load balancer stops routing well within it;
 * at most DRAIN_MAX_MS): the kernel completes connections before the process
 * accepts them, so a client whose request sits in that queue has already sent
 * it, and closing the listener at once would reset it. A load balancer that
 * stops routing here on SIGTERM therefore loses no request. Then the listener
 * closes and the requests in flight finish (within SHUTDOWN_GRACE_MS).
 */
const DRAIN_MAX_MS = 3_000;
/** How often the drain looks whether the accept queue has gone quiet. */
const DRAIN_POLL_MS = 20;

/**
 * Drains the accept queue, closes the listener, lets in-flight requests finish
 * and exits the process: 0 when everything closed, 1 on an error or when the
 * grace period ran out. Used by `npm start` and by every cluster worker.
 */
function drainAndExit(app: FastifyInstance, signal: NodeJS.Signals, quietMs: number): void {
  const startedAt = Date.now();
  let lastConnectionAt = startedAt;
  app.server.on('connection', () => {
    lastConnectionAt = Date.now();
  });
  app.log.info({ signal }, 'shutting down: draining the accept queue, then finishing in-flight requests');
  const deadline = setTimeout(() => {
    app.log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown: requests still running after the grace period; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  deadline.unref();
  const closeWhenQuiet = () => {
    const now = Date.now();
    if (now - lastConnectionAt < quietMs && now - startedAt < DRAIN_MAX_MS) {
      setTimeout(closeWhenQuiet, DRAIN_POLL_MS);
      return;
    }
    app.log.info({ drainMs: now - startedAt }, 'no new connections; closing the listener');
    app.close().then(
      () => {
        app.log.info('shut down cleanly');
        process.exit(0);
      },
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  closeWhenQuiet();
}

/**
 * Shuts the app down gracefully on the first SIGTERM or SIGINT (SIGINT reaches
 * every process of a terminal's group, cluster workers included); a second
 * signal while draining changes nothing.
 */
export function closeGracefullyOnSignals(app: FastifyInstance, quietMs: number): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    drainAndExit(app, signal, quietMs);
  };
  // `on`, not `once`: a second SIGTERM (the primary's, after a supervisor's to the whole group) would otherwise kill mid-drain.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
}
