import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { GatewayEnv } from '../gateway-env';
import { GatewayModule } from '../gateway.module';
import { createOpenApiDocument } from './openapi';
import { openApiGaps } from './openapi-completeness';

describe('OpenAPI document', () => {
  let doc: OpenAPIObject;

  beforeAll(async () => {
    // Creating the application builds the routes; nothing connects until init/listen.
    const app = await NestFactory.create<NestFastifyApplication>(
      GatewayModule.register(new GatewayEnv()),
      new FastifyAdapter(),
      { logger: false },
    );
    app.setGlobalPrefix('api/v1');
    doc = createOpenApiDocument(app);
    await app.close();
    const out = path.resolve(__dirname, '../../../../tmp');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'openapi.json'), JSON.stringify(doc, null, 2));
  });

  it('documents every operation with a summary, its errors and an example', () => {
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item));
    expect(operations.length).toBeGreaterThan(30);
    expect(openApiGaps(doc)).toEqual([]);
  });

  it('answers every error as problem+json', () => {
    const errors = Object.values(doc.paths)
      .flatMap((item) => Object.values(item as Record<string, { responses: Record<string, { content?: object }> }>))
      .flatMap((op) => Object.entries(op.responses).filter(([code]) => Number(code) >= 400));
    expect(errors.length).toBeGreaterThan(30);
    for (const [, response] of errors)
      expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
  });

  it('reports a path parameter the operation does not declare', () => {
    const gaps = openApiGaps({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/x/{id}': { delete: { summary: 'Remove', responses: { 404: { description: 'no' } } } } },
    } as unknown as OpenAPIObject);
    expect(gaps).toEqual(['DELETE /x/{id}: path parameter {id} not declared']);
  });

  it('reports an operation without summary, errors or example', () => {
    const gaps = openApiGaps({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          get: {
            responses: {
              200: {
                description: 'ok',
                content: { 'application/json': { schema: { type: 'object', properties: { a: { type: 'string' } } } } },
              },
            },
          },
        },
      },
    } as OpenAPIObject);
    expect(gaps).toEqual(['GET /x: no summary', 'GET /x: no error response', 'GET /x 200: no example for a']);
  });
});
