import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/**
 * GraphiQL for browsers, fully inline so it works without internet access
 * (Apollo's default landing page loads from CDNs). Rendered once per process.
 */
export function graphiqlPlugin(): ApolloServerPlugin {
  let html: string | undefined;
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          html ??= renderGraphiQL({
            endpoint: '/graphql',
            subscriptionsProtocol: 'WS',
            title: '救急难 Jiujinan Hub — GraphiQL',
            defaultQuery: DEFAULT_QUERY,
          });
          const etag = createHash('sha1').update(html).digest('base64url');
          return { html, etag } as { html: string };
        },
      };
    },
  };
}

const DEFAULT_QUERY = `# 救急难 Jiujinan Hub
query SearchPolicies {
  policies(search: "首问负责制", first: 5) {
    totalCount
    edges { highlights node { title docNumber issuedOn } }
  }
}
`;
