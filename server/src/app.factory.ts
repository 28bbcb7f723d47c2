import { INestApplication, Logger } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module';
import { AppConfig } from './core/config/app-config';
import { Problem, PROBLEM_CONTENT_TYPE } from './core/errors/problem';
import { ProblemFilter } from './core/errors/problem.filter';
import { createValidationPipe } from './core/errors/validation';
import { securityHeaders } from './core/http/security-headers';

export const API_PREFIX = 'api';

/** Builds the API application; `main.ts` listens with it and integration tests boot it too. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.with(config),
    new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: config.TRUST_PROXY }),
    { logger: config.NODE_ENV === 'test' ? ['error'] : levelsFrom(config.LOG_LEVEL) },
  );
  sendSecurityHeaders(app);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(app.get(HttpAdapterHost)));
  app.enableShutdownHooks();
  setUpOpenApi(app);
  serveClient(app, config);
  return app;
}

/**
 * Helmet's security headers on every answer. With this configuration (fixed directives: no
 * nonces, nothing worked out per request) helmet sets the same headers on every response, so
 * they are recorded from one run of its middleware and then set as the reply's own headers.
 * `@fastify/helmet` built a new helmet (and parsed the CSP again) for every request, and even
 * helmet built once runs 13 middlewares, each a setHeader on the raw response: about 2 % and
 * then 3 % of the API's time under bench:booking.
 */
function sendSecurityHeaders(app: NestFastifyApplication): void {
  const headers = securityHeaders({
    // the Angular client is served from the same origin and needs inline styles from Material
    contentSecurityPolicy: {
      directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      reply.headers(headers);
      done();
    });
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Invigil API')
      .setDescription('Exam scheduling and proctoring-centre management. Errors are RFC 9457 problem+json.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  document.components = document.components ?? {};
  document.components.schemas = {
    ...document.components.schemas,
    Problem: {
      type: 'object',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string', example: '/problems/validation-failed' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        instance: { type: 'string' },
        errors: {
          type: 'array',
          items: {
            type: 'object',
            properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    },
  };
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
}

/** Serves the built Angular client on the API's port, with the SPA's index for client routes. */
function serveClient(app: NestFastifyApplication, config: AppConfig): void {
  if (!config.CLIENT_DIST_DIR) return;
  const dir = resolve(config.CLIENT_DIST_DIR);
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('Client').warn(`CLIENT_DIST_DIR ${dir} has no index.html; not serving the client`);
    return;
  }
  // the built files, each a route of its own; any other GET outside the API is a client route
  app.useStaticAssets({ root: dir, index: false, maxAge: '1h', wildcard: false });
  const index = readFileSync(join(dir, 'index.html'));
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (req: FastifyRequest, reply: FastifyReply) => {
      if (req.url.startsWith(`/${API_PREFIX}/`) || req.url === `/${API_PREFIX}`) {
        const problem = Problem.noSuchRoute();
        return reply
          .code(404)
          .type(PROBLEM_CONTENT_TYPE)
          .send(JSON.stringify(problem.body(req.url)));
      }
      return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(index);
    });
}

function levelsFrom(level: AppConfig['LOG_LEVEL']) {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}
