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

/** GETs `paths` for `seconds` at `connections` connections to 127.0.0.1:`port`. */
export async function load(paths: string[], seconds: number, options: { port: number; connections: number }): Promise<Figures> {
  const { port, connections } = options;
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
