import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { type DocumentNode, execute, type GraphQLError, parse, validate } from 'graphql';
import { createMarketplaceServer, ResultCache, type SandboxState } from '../kit.ts';
import { createWebhookEmitter } from '../webhooks.ts';
import { BulkOperations } from './bulk.ts';
import { DEFAULT_BUCKET, MAX_QUERY_COST, requestedCost } from './cost.ts';
import { createShopifyOAuth } from './oauth.ts';
import { CatalogView } from './render.ts';
import { rootValue } from './resolvers.ts';
import { SHOPIFY_SCHEMA } from './schema.ts';

const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';

/**
 * Imitation of Shopify's GraphQL Admin API: `POST /admin/api/{version}/graphql.json` with
 * `X-Shopify-Access-Token`. Both shops share this host; the token says which shop is asked.
 * Cost-based throttling answers HTTP 200 with a THROTTLED error, as Shopify does. OAuth: ./oauth.ts;
 * bulk operations and their result files: ./bulk.ts.
 */
export function createShopifySandbox(state: SandboxState) {
  const cache = new ResultCache();
  const catalogs = new Map<string, CatalogView>();
  const bulk = new BulkOperations(state);

  const handle = async (req: Request, res: Response) => {
    const token = req.get('x-shopify-access-token');
    const store = state.storeFor('shopify', token);
    if (!store) return void res.status(401).json({ errors: INVALID_TOKEN });
    res.set('X-Shopify-API-Version', String(req.params.version));
    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof body.query !== 'string')
      return void res.status(400).json({ errors: { query: 'Required parameter missing or invalid' } });
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (err) {
      return void res.json({ errors: [(err as GraphQLError).toJSON()] });
    }
    const invalid = validate(SHOPIFY_SCHEMA, document);
    if (invalid.length) return void res.json({ errors: invalid.map((e) => e.toJSON()) });
    const variables =
      body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;

    const faults = state.faultsOf('shopify');
    const maximumAvailable = faults.rateLimit?.burst ?? DEFAULT_BUCKET.maximumAvailable;
    const restoreRate = faults.rateLimit?.perSecond ?? DEFAULT_BUCKET.restoreRate;
    const requested = requestedCost(document, variables, operationName);
    const maxCost = Math.min(MAX_QUERY_COST, maximumAvailable);
    if (requested > maxCost) {
      return void res.json({
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxCost}).`,
            extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost },
          },
        ],
      });
    }
    const shop = state.bucketKey(store, token);
    const decision = state.take('shopify', shop, requested);
    const cost = (actualQueryCost: number | null, currentlyAvailable: number) => ({
      requestedQueryCost: requested,
      actualQueryCost,
      throttleStatus: { maximumAvailable, currentlyAvailable, restoreRate },
    });
    if (!decision.allowed) {
      return void res.json({
        errors: [
          {
            message: 'Throttled',
            extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
          },
        ],
        extensions: { cost: cost(null, decision.remaining) },
      });
    }

    let catalog = catalogs.get(store.spec.key);
    if (!catalog) catalogs.set(store.spec.key, (catalog = new CatalogView(store)));
    const ctx = {
      state,
      store,
      catalog,
      cache,
      unused: 0,
      shop,
      version: String(req.params.version),
      origin: `${req.protocol}://${req.get('host')}`,
    };
    const result = await execute({
      schema: SHOPIFY_SCHEMA,
      document,
      rootValue: { ...rootValue(ctx), ...bulk.fields(ctx) },
      variableValues: variables,
      operationName,
    });
    const actual = requested - ctx.unused;
    res.json({
      ...result,
      extensions: { cost: cost(actual, faults.rateLimit ? decision.remaining : maximumAvailable - actual) },
    });
  };

  const webhooks = createWebhookEmitter('shopify', state);
  const oauth = createShopifyOAuth(state);
  return createMarketplaceServer({
    marketplace: 'shopify',
    state,
    controlRoutes: (router) => {
      webhooks.routes(router);
      oauth.controlRoutes(router);
      bulk.controlRoutes(router);
    },
    tokens: { accessTtlSeconds: 3600, rotateRefresh: true, tokenPrefix: () => 'shpat_' },
    serverError: (res) => {
      const requestId = randomUUID();
      res.status(500).json({
        errors: [
          {
            message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId}`,
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
          },
        ],
      });
    },
    routes: (router) => {
      oauth.routes(router);
      router.post('/admin/api/:version/graphql.json', express.json({ limit: '1mb' }), handle);
      bulk.routes(router);
    },
  });
}
