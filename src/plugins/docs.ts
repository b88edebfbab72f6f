import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { publishable } from '../http/openapi.js';
import { errorsAsProblemJson } from '../http/problem.js';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  description: string;
};

/**
 * The OpenAPI document, built from the routes' own schemas, and Swagger UI at
 * /docs. Registered before the routes: swagger collects each route as it is added.
 */
export const docsPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Syria conflict claims API',
          version: PACKAGE.version,
          description: `${PACKAGE.description}\n\nErrors are RFC 9457 problem+json. Lists are \`{data, meta}\` with cursor pagination and a \`Link: rel="next"\` header; \`?format=csv\` (or \`Accept: text/csv\`) gives CSV and \`?format=geojson\` GeoJSON where offered. Coordinates: GeoNames (CC BY 4.0).`,
          license: { name: 'Data: see README (GeoNames CC BY 4.0)', url: 'https://creativecommons.org/licenses/by/4.0/' },
          contact: { name: 'Syria conflict claims API maintainers', url: 'https://syria-claims.example/' },
        },
        servers: [
          {
            url: 'http://{host}:{port}',
            description: 'A server started with `npm start` (by default on this machine, port 3000)',
            variables: { host: { default: '127.0.0.1' }, port: { default: '3000' } },
          },
        ],
        tags: [
          { name: 'events', description: 'Things that happened, coded from one or more claims' },
          { name: 'claims', description: 'Statements made in an article, each with its claimant and verbatim quote' },
          { name: 'casualty reports', description: 'Figures given in claims' },
          { name: 'figures', description: "Numbers in claims that are not one event's casualties (tolls, shares, forces, counts)" },
          { name: 'actors', description: 'Organisations, forces, persons and groups' },
          { name: 'locations', description: 'Places, with their parents and coordinates' },
          { name: 'articles', description: 'The source documents' },
          { name: 'data package', description: 'The whole dataset as CSV files with a Frictionless Data Package descriptor' },
          { name: 'changes', description: 'Every change to published data, for mirrors' },
          { name: 'health', description: 'Service status' },
        ],
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'A key from `npm run keys -- create --name <name> --role coder|editor|admin`; paste it under Authorize.',
            },
          },
        },
      },
      transform: jsonSchemaTransform,
      transformObject: (document) => publishable(errorsAsProblemJson(jsonSchemaTransformObject(document))),
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      // The validator badge would load an image from validator.swagger.io; the page uses nothing but this server.
      uiConfig: { validatorUrl: null },
      theme: {
        title: 'Syria conflict claims API',
        // Arabic quotes and names read right to left: each token of a response or
        // example body, and each input, takes its direction from its own first letter.
        css: [
          {
            filename: 'bidi.css',
            content:
              '.swagger-ui .highlight-code code span, .swagger-ui input[type=text], .swagger-ui textarea { unicode-bidi: plaintext; }',
          },
        ],
      },
      // Swagger UI pre-fills every parameter example, and the filter examples all
      // at once match nothing; "Try it out" starts from the card query instead.
      transformSpecification: ({ servers: _example, ...spec }) => {
        for (const path of ['/events', '/casualty-reports']) {
          for (const parameter of spec.paths?.[path]?.get?.parameters ?? []) {
            if (!['actor', 'place', 'limit'].includes(parameter.name)) delete parameter.schema?.example;
          }
        }
        // Without `servers`, "Try it out" goes to the server that served the page, not to the document's example one.
        return spec;
      },
    });
  },
  { name: 'docs', fastify: '5.x' },
);
