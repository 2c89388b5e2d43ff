import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { QUERY_LIMITS } from './query-cost';
import { enforceQueryLimits } from './query-limits';

/**
 * Refuses, before anything runs, an HTTP operation that asks for more than
 * QUERY_LIMITS allows (cost, depth, aliases, root fields, a list inside itself). The
 * document is parsed (at most QUERY_LIMITS.maxTokens tokens) and validated first;
 * graphql-ws operations go through the same enforceQueryLimits in onSubscribe.
 */
export function complexityPlugin(limits = QUERY_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<never>> {
      return {
        async didResolveOperation({ request, document, schema }) {
          enforceQueryLimits(schema, document, request.operationName, request.variables, limits);
        },
      };
    },
  };
}
