import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The address the API is published under (PUBLIC_URL), or null to take it from each request's Host. */
    publicUrl: string | null;
  }
}

/** The absolute URL of a path on this API: permalinks that stay the same whoever cites them. */
export function absoluteUrl(request: FastifyRequest, path: string): string {
  const base = request.server.publicUrl ?? `${request.protocol}://${request.host}`;
  return `${base.replace(/\/+$/, '')}${path}`;
}
