import { EnvironmentVariables } from '@app/core';
import { Injectable, MiddlewareConsumer, Module, NestMiddleware, NestModule, RequestMethod } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The few Express request/response members used here (the project does not depend on @types/express).
interface Request {
  method: string;
  query: Record<string, unknown>;
  accepts(types: string[]): string | false;
}
interface Response {
  setHeader(name: string, value: string): void;
  sendFile(path: string): void;
}
type NextFunction = () => void;

/**
 * The built web app's folder: WEB_DIST_DIR, else apps/web/dist of the checkout this
 * code runs from (found upwards from here, so it works from the sources under ts-jest
 * and from dist/ alike). Null when the web app was not built: the api still runs.
 */
export function webDistDir(env: Pick<EnvironmentVariables, 'WEB_DIST_DIR'>): string | null {
  if (env.WEB_DIST_DIR) return existsSync(join(env.WEB_DIST_DIR, 'index.html')) ? resolve(env.WEB_DIST_DIR) : null;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

export function explorerEnabled(env: Pick<EnvironmentVariables, 'NODE_ENV' | 'GRAPHQL_EXPLORER'>): boolean {
  return env.GRAPHQL_EXPLORER ? env.GRAPHQL_EXPLORER === 'on' : env.NODE_ENV !== 'production';
}

/**
 * GET /graphql from a browser (it asks for HTML, and sends no query): the GraphiQL
 * page built with the web app, served from this machine (no CDN). Every other
 * request to /graphql (POST, GET with a query, graphql-ws) goes on to the API.
 */
@Injectable()
export class GraphqlExplorerMiddleware implements NestMiddleware {
  private readonly page: string | null;

  constructor(env: EnvironmentVariables) {
    const dist = webDistDir(env);
    const page = dist ? join(dist, 'graphiql.html') : null;
    this.page = explorerEnabled(env) && page && existsSync(page) ? page : null;
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const wantsPage = this.page && req.method === 'GET' && req.query.query === undefined && req.accepts(['application/json', 'text/html']) === 'text/html';
    if (!wantsPage) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(this.page!);
  }
}

/** The web app at / (client routes fall back to index.html), beside /graphql and /health. */
@Module({
  imports: [
    ServeStaticModule.forRootAsync({
      inject: [EnvironmentVariables],
      useFactory: (env: EnvironmentVariables) => {
        const rootPath = webDistDir(env);
        if (!rootPath) return [];
        return [
          {
            rootPath,
            exclude: ['/graphql', '/graphql/{*p}', '/health', '/health/{*p}', '/export/{*p}', '/import', '/import/{*p}'],
            serveStaticOptions: {
              // Hashed assets never change; index.html must be re-read after a deploy.
              setHeaders: (res: Response, path: string) => {
                res.setHeader('Cache-Control', path.startsWith(join(rootPath, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
              },
            },
          },
        ];
      },
    }),
  ],
  providers: [GraphqlExplorerMiddleware],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(GraphqlExplorerMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.GET });
  }
}
