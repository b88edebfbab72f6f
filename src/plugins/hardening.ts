import fp from 'fastify-plugin';
import { type HttpPolicy, registerHardening } from '../http/hardening.js';

/**
 * Security headers, CORS, rate limiting and the URL and body limits. Registered
 * before the routes, since the rate limiter attaches to routes as they are
 * added; after 'problems', so that its refusals (413, 414, 429) are problem+json.
 */
export const hardeningPlugin = fp<HttpPolicy>(async (app, policy) => registerHardening(app, policy), {
  name: 'hardening',
  dependencies: ['problems'],
  fastify: '5.x',
});
