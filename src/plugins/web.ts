import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { problem, sendProblem } from '../http/problem.js';

/** Where scripts/build-web.ts writes the front end (npm's prepare, prestart and pretest run it). */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * The browser front end: the explorer and the coders' workbench at `/`, their
 * files under `/ui/`. Pages route by the URL fragment (`/#/event/12`) so that
 * no page path can shadow an API path. The files are sent precompressed
 * (brotli or gzip, as the browser accepts) and never reach out to another host.
 */
export const webPlugin = fp(
  async (app) => {
    const index = join(WEB_ROOT, 'index.html');
    const built = existsSync(index);
    if (!built) app.log.warn({ root: WEB_ROOT }, 'the front end is not built (npm run build:web); / answers 503');
    const html = built ? readFileSync(index) : null;

    await app.register(async (scope) => {
      if (built) {
        await scope.register(fastifyStatic, {
          root: WEB_ROOT,
          prefix: '/ui/',
          preCompressed: true,
          decorateReply: false,
          index: false,
          maxAge: '1h',
        });
      }
      scope.get('/', { schema: { hide: true } }, async (_request, reply) => {
        if (!html) return sendProblem(reply, problem(503, 'The front end is not built: run `npm run build:web`'));
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
      });
    });
  },
  { name: 'web', fastify: '5.x' },
);
