import Fastify from 'fastify';
import { runCluster } from '../src/cluster.js';
import { loadConfig } from '../src/config.js';

/**
 * The benchmark's baseline: a hello-world Fastify route served exactly as the
 * API is (same cluster runner, same number of workers, same logger), so the
 * API's figures can be read as a share of what this machine's HTTP stack does.
 */
const { port, host, workers, logLevel, drainQuietMs } = loadConfig();
await runCluster({
  port,
  host,
  workers,
  logLevel,
  drainQuietMs,
  build: async (logger) => {
    const app = Fastify({ logger });
    app.get('/hello', async () => ({ hello: 'world' }));
    return app;
  },
});
