import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import depthLimit from 'graphql-depth-limit';
import { ExecutionResult, GraphQLError } from 'graphql';
import { join } from 'node:path';
import { Context } from 'graphql-ws';
import { TokenService } from '../auth/token.service';
import { EnvironmentVariables } from '../config/environment';
import { complexityPlugin } from './complexity.plugin';
import { formatError } from './format-error';
import { RequestContext } from './request-context';

export const MAX_QUERY_DEPTH = 10;

/**
 * Code-first GraphQL over HTTP and graphql-ws on /graphql. The printed schema is
 * written to schema.gql at the repository root outside production, so the committed
 * file always matches the code (the contract check reads it).
 */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [TokenService, EnvironmentVariables],
      useFactory: (tokens: TokenService, env: EnvironmentVariables) => ({
        autoSchemaFile: env.NODE_ENV === 'production' ? true : join(process.cwd(), 'schema.gql'),
        sortSchema: true,
        playground: false,
        introspection: true,
        includeStacktraceInErrorResponses: env.NODE_ENV === 'development',
        formatError: formatError(env.NODE_ENV === 'development'),
        validationRules: [depthLimit(MAX_QUERY_DEPTH)],
        plugins: [complexityPlugin()],
        context: ({ req }: { req: { headers: Record<string, string | undefined> } }): RequestContext => ({
          req,
          principal: tokens.read(req?.headers?.authorization),
          loaders: new Map(),
        }),
        subscriptions: {
          'graphql-ws': {
            // Authenticate once, when the socket opens: a bad token closes it.
            onConnect: (ctx: Context<Record<string, unknown>, { principal?: unknown }>) => {
              const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
              const principal = tokens.read(typeof raw === 'string' ? raw : undefined);
              // false closes the socket with 4403 Forbidden: no principal, no live data.
              if (!principal) return false;
              ctx.extra.principal = principal;
              return true;
            },
            // Errors over the socket carry the same extensions.code as over HTTP.
            onError: (_ctx: unknown, _id: unknown, _payload: unknown, errors: readonly GraphQLError[]) =>
              errors.map((error) => formatError(env.NODE_ENV === 'development')(error.toJSON(), error)),
            onNext: (_ctx: unknown, _id: unknown, _payload: unknown, _args: unknown, result: ExecutionResult) =>
              result.errors ? { ...result, errors: result.errors.map((error) => formatError(env.NODE_ENV === 'development')(error.toJSON(), error)) } : undefined,
            context: (ctx: Context<Record<string, unknown>, { principal?: RequestContext['principal'] }>): RequestContext => ({
              principal: ctx.extra.principal ?? null,
              loaders: new Map(),
              live: true,
            }),
          } as never,
        },
      }),
    }),
  ],
})
export class AppGraphQLModule {}
