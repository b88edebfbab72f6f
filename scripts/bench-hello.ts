import Fastify from 'fastify';
import { clusterOptionsFromEnv, runCluster } from '../src/cluster.js';

/**
 * The benchmark's baseline: a hello-world Fastify route served exactly as the
 * API is (same cluster runner, same number of workers, same logger), so the
 * API's figures can be read as a share of what this machine's HTTP stack does.
 */
await runCluster({
  ...clusterOptionsFromEnv(),
  build: async (logger) => {
    const app = Fastify({ logger });
    app.get('/hello', async () => ({ hello: 'world' }));
    return app;
  },
});
