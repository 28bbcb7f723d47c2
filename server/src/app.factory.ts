import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AppConfig } from './core/config/app-config';
import { ProblemFilter } from './core/errors/problem.filter';
import { createValidationPipe } from './core/errors/validation';

export const API_PREFIX = 'api';

/** Builds the API application; `main.ts` listens with it and integration tests boot it too. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config), {
    logger: config.NODE_ENV === 'test' ? ['error'] : levelsFrom(config.LOG_LEVEL),
    bodyParser: true,
  });
  app.useBodyParser('json', { limit: '1mb' });
  if (config.TRUST_PROXY) app.set('trust proxy', true);
  // API answers are not cached by ETag (every read is fresh and most are personal); Express hashed
  // every response body for one. The client's static files keep theirs (serve-static's own).
  app.set('etag', false);
  app.use(
    helmet({
      // the Angular client is served from the same origin and needs inline styles from Material
      contentSecurityPolicy: {
        directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  setUpOpenApi(app);
  serveClient(app, config);
  return app;
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
function serveClient(app: NestExpressApplication, config: AppConfig): void {
  if (!config.CLIENT_DIST_DIR) return;
  const dir = resolve(config.CLIENT_DIST_DIR);
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('Client').warn(`CLIENT_DIST_DIR ${dir} has no index.html; not serving the client`);
    return;
  }
  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith(`/${API_PREFIX}/`) || req.path === `/${API_PREFIX}`)
      return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
}

function levelsFrom(level: AppConfig['LOG_LEVEL']) {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}
