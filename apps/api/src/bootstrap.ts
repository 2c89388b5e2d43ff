import { createValidationPipe, validateEnvironment } from '@app/core';
import { INestApplication } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { GraphQLShapedHttpErrors } from './http-errors.filter';

/**
 * Largest request body: a GraphQL document is at most 4,000 tokens, but variables may
 * carry a session's table of up to 5,000 need ids (~200 KB).
 */
export const HTTP_BODY_LIMIT = '1mb';

/** Builds the api application; main.ts and the e2e tests share it, so tests boot what production runs. */
export async function createApiApp(): Promise<INestApplication> {
  const env = validateEnvironment(process.env);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  const httpErrors = new GraphQLShapedHttpErrors(app.get(HttpAdapterHost).httpAdapter);
  app.useBodyParser('json', { limit: HTTP_BODY_LIMIT });
  app.use(httpErrors.bodyErrors());
  // Behind a reverse proxy, the caller's address (for throttling) comes from X-Forwarded-For only when trusted.
  if (env.TRUST_PROXY) app.set('trust proxy', trustProxyValue(env.TRUST_PROXY));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(httpErrors);
  app.enableShutdownHooks();
  return app;
}

/** `true`/`false`, a number of hops, or Express's names and addresses (loopback, 10.0.0.0/8...). */
function trustProxyValue(raw: string): boolean | number | string {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}
