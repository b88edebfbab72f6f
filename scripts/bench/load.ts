import autocannon, { type Result } from 'autocannon';

export interface Figures {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  requests: number;
  non_2xx: number;
  errors: number;
  distinct_urls: number;
  mb_per_s: number;
}

/**
 * Waits until the server answers a route-less GET (a 404, no database work)
 * within 50 ms four times in a row, so that every worker has worked off what
 * the scenario before left queued: after /events/stats at 2.5 M events
 * (seconds a request) the next scenario's first requests waited for up to 7 s
 * and it measured that backlog.
 */
async function settle(port: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    let quick = 0;
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      await fetch(`http://127.0.0.1:${port}/bench-settle`).then(
        (r) => r.arrayBuffer(),
        () => null,
      );
      if (performance.now() - started < 50) quick++;
    }
    if (quick === 4) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** GETs `paths` for `seconds` at `connections` connections to 127.0.0.1:`port`, once the server is idle. */
export async function load(paths: string[], seconds: number, options: { port: number; connections: number }): Promise<Figures> {
  const { port, connections } = options;
  await settle(port);
  let client = 0;
  const result: Result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 30,
    requests: paths.map((path) => ({ method: 'GET', path })),
    // Each connection starts at its own offset in the list, so concurrent requests ask for different things.
    setupClient: (c) => {
      const offset = Math.floor((client++ * paths.length) / connections);
      c.setRequests([...paths.slice(offset), ...paths.slice(0, offset)].map((path) => ({ method: 'GET', path })));
    },
  });
  return {
    requests_per_s: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    requests: result.requests.total,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    distinct_urls: new Set(paths).size,
    mb_per_s: Math.round((result.throughput.average / 1e6) * 10) / 10,
  };
}
