import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

export const MAX_QUERY_COMPLEXITY = 5000;

/**
 * Rejects operations whose estimated cost exceeds the limit before they run.
 * Lists multiply the cost of their children by `first` (or 20), so a client
 * cannot ask for 100 needs × 100 bids × 100 organizations in one request.
 */
export function complexityPlugin(max = MAX_QUERY_COMPLEXITY): ApolloServerPlugin {
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<never>> {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              operationName: request.operationName,
              query: document,
              variables: request.variables,
              estimators: [
                fieldExtensionsEstimator(),
                ({ args, childComplexity }) => {
                  const first = typeof args.first === 'number' ? args.first : undefined;
                  return first !== undefined ? 1 + childComplexity * Math.max(1, first) : undefined;
                },
                simpleEstimator({ defaultComplexity: 1 }),
              ],
            });
          } catch (error) {
            // getComplexity coerces the variables first: a value that does not fit its type
            // (an unknown enum value...) is the caller's mistake, not a server failure.
            if (error instanceof GraphQLError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
            throw error;
          }
          if (complexity > max) {
            throw new GraphQLError(`Query is too complex: ${complexity} > ${max}. Ask for fewer items or fields.`, { extensions: { code: 'BAD_USER_INPUT' } });
          }
        },
      };
    },
  };
}
