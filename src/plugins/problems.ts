import fp from 'fastify-plugin';
import { registerProblemHandlers } from '../http/problem.js';

/** Every error and unknown route answered as RFC 9457 problem+json; registered first, so it covers everything after it. */
export const problemsPlugin = fp(async (app) => registerProblemHandlers(app), { name: 'problems', fastify: '5.x' });
