import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createRoot } from 'react-dom/client';

// The developers' explorer, bundled with the app: same origin, HTTP for queries and
// mutations, graphql-ws for subscriptions. Paste a token into the headers tab
// ({"authorization": "Bearer ..."}) to act as a signed-in user.
const url = `${location.origin}/graphql`;
const fetcher = createGraphiQLFetcher({ url, subscriptionUrl: url.replace(/^http/, 'ws') });

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={fetcher}
    defaultQuery={'{\n  fairs {\n    id\n    name\n    stats { needsListed bidsSubmitted contractsSigned amountSigned }\n  }\n}\n'}
  />,
);
