import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { join } from 'node:path';
import { PrincipalVerifier } from '../auth/principal-verifier';
import { EnvironmentVariables } from '../config/environment';
import { complexityPlugin } from './complexity.plugin';
import { formatError } from './format-error';
import { graphqlWsOptions, LiveSocketLimits } from './live-socket';
import { QUERY_LIMITS } from './query-cost';
import { RequestContext } from './request-context';

export { QUERY_LIMITS } from './query-cost';

interface HttpRequest {
  headers: Record<string, string | undefined>;
  ip?: string;
}

/**
 * Code-first GraphQL over HTTP and graphql-ws on /graphql. The printed schema is
 * written to schema.gql at the repository root outside production, so the committed
 * file always matches the code (the contract check reads it). Both transports hold
 * every operation to the same query limits (query-cost.ts) and check the caller's
 * token against the account (PrincipalVerifier) before anything runs.
 */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [PrincipalVerifier, EnvironmentVariables, GraphQLSchemaHost],
      useFactory: (verifier: PrincipalVerifier, env: EnvironmentVariables, schemaHost: GraphQLSchemaHost) => ({
        autoSchemaFile: env.NODE_ENV === 'production' ? true : join(process.cwd(), 'schema.gql'),
        sortSchema: true,
        playground: false,
        introspection: true,
        // Never a stack trace in an answer, whatever NODE_ENV says; the log keeps them.
        includeStacktraceInErrorResponses: false,
        formatError: formatError(env.NODE_ENV === 'development'),
        parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
        // No cache hints are used (answers are per caller); without the cache-control plugin Apollo
        // also leaves every field resolver unwrapped (it wraps them for any willResolveField hook).
        plugins: [complexityPlugin(), ApolloServerPluginCacheControlDisabled()],
        // Once per request: the token's claims are checked against the account here.
        context: async ({ req }: { req: HttpRequest }): Promise<RequestContext> => ({
          req,
          principal: (await verifier.verify(req?.headers?.authorization))?.principal ?? null,
          clientAddress: req?.ip ?? null,
          loaders: new Map(),
        }),
        subscriptions: {
          'graphql-ws': graphqlWsOptions({ verifier, schemaHost, showInternalMessages: env.NODE_ENV === 'development' }) as never,
        },
      }),
    }),
  ],
  providers: [LiveSocketLimits],
})
export class AppGraphQLModule {}
