import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';

/**
 * One client per signed-in identity (a new token makes a new client, so one user's
 * cache never serves the next). Queries and mutations over HTTP, subscriptions over
 * graphql-ws on the same /graphql; without a token the socket is anonymous and only
 * the public subscriptions (the big screen's) answer on it.
 */
export function createApolloClient(token: string | null, onForbiddenSocket: () => void): ApolloClient {
  const url = `${location.origin}/graphql`;
  const http = new HttpLink({ uri: url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  let client: ApolloClient | null = null;
  let reconnecting = false;
  const ws = new GraphQLWsLink(
    createClient({
      url: url.replace(/^http/, 'ws'),
      connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
      // The hall's screens run for days: keep reconnecting after network trouble.
      retryAttempts: Number.MAX_SAFE_INTEGER,
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** retries, 15_000))),
      on: {
        // After a reconnection (network trouble, or 4420: the api closed the socket because it fell behind) the
        // subscriptions start again, and what the screens show is read afresh: events sent meanwhile were not received.
        connected: () => {
          if (reconnecting) void client?.refetchQueries({ include: 'active' });
          reconnecting = true;
        },
        closed: (event) => {
          // 4403: the token no longer verifies (expired, or the server's secret changed).
          if ((event as CloseEvent)?.code === 4403) onForbiddenSocket();
        },
      },
    }),
  );
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    ws,
    http,
  );
  client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        // Figures have no id: each fair's stats replace the previous ones.
        Fair: { fields: { stats: { merge: (_existing, incoming) => incoming } } },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
  return client;
}
