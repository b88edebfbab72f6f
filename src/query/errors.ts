import type { ProblemKind } from '../schemas/problem.js';

/**
 * A request the query layer cannot answer because of what the client sent (a
 * cursor from another list, a search with nothing to search for). The HTTP
 * layer turns it into a 400 problem of this kind, naming the parameter.
 */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(
    readonly kind: Extract<ProblemKind, 'bad-parameter' | 'bad-cursor'>,
    readonly param: string,
    readonly reason: string,
  ) {
    super(`Invalid parameter '${param}': ${reason}`);
  }
}
