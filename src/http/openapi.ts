/**
 * The last touches to the generated OpenAPI document, so that it passes the
 * linters API gateways and catalogues run (Redocly's and Spectral's
 * recommended rules): every operation says how it is secured and that it can
 * be rate limited, and no schema is published that nothing uses.
 */

type Json = Record<string, unknown>;
type Operation = { security?: unknown[]; responses?: Record<string, unknown> };
type Document = {
  security?: unknown[];
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Json; securitySchemes?: Json };
};

const PROBLEM_REF = '#/components/schemas/Problem';

/**
 * The scheme writes use (`Authorization: Bearer <key>`): the document's default, so that an endpoint that writes
 * needs it unless it says otherwise; every read says `security: []` and stays public.
 */
const BEARER_AUTH = {
  type: 'http',
  scheme: 'bearer',
  description: 'An API key (`npm run keys -- create`), for the endpoints that write; reads need none.',
};

export function publishable<T>(input: T): T {
  const document = input as Document;
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      operation.security ??= [];
      operation.responses ??= {};
      operation.responses['429'] ??= {
        description: 'Too many requests from this address; `Retry-After` says when to retry',
        content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
      };
    }
  }
  document.security ??= [{ bearerAuth: [] }];
  document.components ??= {};
  document.components.securitySchemes = { bearerAuth: BEARER_AUTH, ...document.components.securitySchemes };
  pruneUnusedSchemas(document);
  return input;
}

/** The component schemas the paths use, directly or through other components. */
function pruneUnusedSchemas(document: Document): void {
  const schemas = document.components?.schemas;
  if (!schemas) return;
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const name = value.slice('#/components/schemas/'.length);
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  visit(document.paths);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}
