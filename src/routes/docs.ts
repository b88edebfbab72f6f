import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const docsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/yaml; charset=utf-8').send(app.swagger({ yaml: true })),
  );
};
