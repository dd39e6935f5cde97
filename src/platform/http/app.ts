import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
} from 'fastify-type-provider-zod';
import { AppError, errorMessage } from '../errors';
import { authenticate, forgetAfterChange } from './authenticate';
import { type Platform, SESSION_COOKIE } from './context';
import type { Scope } from '../scope';
import { validatorCompiler } from './validation';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

export interface AppOptions {
  platform: Platform;
  logger?: FastifyServerOptions['logger'];
  /** Plugins that register the routes of each module. */
  modules: Array<(app: FastifyInstance) => Promise<void>>;
  serveWeb?: boolean;
}

/** A route as registered, for the test that every route declares a permission or `public`. */
export interface RegisteredRoute {
  method: string;
  url: string;
  permission: string | null;
  public: boolean;
  authenticated: boolean;
}

/**
 * Builds the HTTP application: security hooks, validation, OpenAPI, error mapping, module routes and
 * the web app. Refuses to start when a route declares neither a permission nor `public`.
 */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: process.env.TRUST_PROXY === '1',
    // Every schema is zod's: given from the start, Fastify does not load (0.2 s) its JSON-schema
    // compilers. (Its types describe those compilers' factories; zod's take the same route schemas.)
    schemaController: {
      compilersFactory: {
        buildValidator: (() => validatorCompiler) as never,
        buildSerializer: (() => serializerCompiler) as never,
      },
    },
  });
  const routesList: RegisteredRoute[] = [];
  app.decorate('platform', options.platform);
  app.decorate('routesList', routesList);
  app.decorateRequest('actor', null);
  app.decorateRequest('scope', null as unknown as Scope);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.method === 'HEAD' || route.url.startsWith('/api/openapi')) return;
    const config = (route.config ?? {}) as { permission?: string; public?: boolean; authenticated?: boolean };
    if (!config.permission && !config.public && !config.authenticated && route.url.startsWith('/api')) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares neither a permission nor public: true`,
      );
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      routesList.push({
        method,
        url: route.url,
        permission: config.permission ?? null,
        public: config.public === true,
        authenticated: config.authenticated === true,
      });
    }
  });

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Jiceng API', description: '基层党建与治理平台接口', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', authenticate);
  // A change may have touched what sessions carry (roles, units, accounts) or what figures count.
  app.addHook('onSend', forgetAfterChange);
  app.setErrorHandler((error, request, reply) => {
    const lang = String(request.headers['accept-language'] ?? '').startsWith('en') ? 'en' : 'zh';
    if (error instanceof AppError) {
      return reply.status(error.status).send({
        error: {
          code: error.code,
          message: errorMessage(error.code, error.params, lang),
          details: error.details,
        },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: errorMessage('VALIDATION_FAILED', { summary: error.message }, lang),
        },
      });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 429) {
      return reply
        .status(429)
        .send({ error: { code: 'RATE_LIMITED', message: errorMessage('RATE_LIMITED', {}, lang) } });
    }
    if (status >= 400 && status < 500) {
      // Malformed JSON, oversized bodies and the like: say so plainly.
      return reply.status(status).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: errorMessage('VALIDATION_FAILED', { summary: '请求格式不正确' }, lang),
        },
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL', message: errorMessage('INTERNAL', {}, lang) } });
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  for (const register of options.modules) await app.register(register);

  if (options.serveWeb !== false && existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, serve: false });
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api') || request.url.startsWith('/open311') || request.method !== 'GET') {
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: errorMessage('NOT_FOUND') } });
      }
      return reply.type('text/html').sendFile('index.html');
    });
    // The grid worker's offline app: its files live in dist/web/gridapp, its service worker's scope is /m/.
    app.get('/m', { config: { public: true }, schema: { hide: true } }, (_request, reply) =>
      reply.redirect('/m/'),
    );
    app.get('/m/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      const found = file && !file.includes('..') && existsSync(path.join(webRoot, 'gridapp', file));
      reply.header('cache-control', 'no-cache');
      return found
        ? reply.sendFile(`gridapp/${file}`)
        : reply.type('text/html').sendFile('gridapp/index.html');
    });
    app.get('/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      if (file && existsSync(path.join(webRoot, file)) && !file.includes('..')) {
        const immutable = file.startsWith('assets/');
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        return reply.sendFile(file);
      }
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((_request, reply) =>
      reply.status(404).send({ error: { code: 'NOT_FOUND', message: errorMessage('NOT_FOUND') } }),
    );
  }
  return app;
}
