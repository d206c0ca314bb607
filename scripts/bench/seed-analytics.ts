import pg from 'pg';

/**
 * Bulk rows for the analytics benchmark, made inside PostgreSQL with generate_series (no
 * round trips): `sellers` sellers with `ordersPerSeller` orders each over the last year across
 * the seven marketplaces, 1–3 items per order drawn from 60 shared SKUs, statuses at realistic
 * rates, USD converted. Returns the first seller's id (the one the benchmark asks about).
 */
export async function seedAnalytics(
  url: string,
  opts: { sellers: number; ordersPerSeller: number; log?: (m: string) => void },
): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const log = opts.log ?? (() => {});
  try {
    await c.query(
      `INSERT INTO "User" (id, name, "timeZone", "preferredCurrency", "syncFrequency", "createdAt", "updatedAt")
      SELECT 'bench-seller-' || s, 'Bench seller ' || s, CASE WHEN s % 2 = 0 THEN 'Asia/Kolkata' ELSE 'America/New_York' END, 'USD', 'FIFTEEN_MINUTES', now(), now()
      FROM generate_series(1, $1) s`,
      [opts.sellers],
    );
    await c.query(
      `INSERT INTO "MarketplaceConnection" (id, "userId", marketplace, status, "storeId", "storeCurrency", "storeTimeZone", scopes, "lastSyncAt", cursors, "createdAt", "updatedAt")
      SELECT 'bench-conn-' || s || '-' || m, 'bench-seller-' || s, (ARRAY['SHOPIFY','EBAY','ETSY','FLIPKART','BIGCOMMERCE','SQUARE','SNAPDEAL'])[m]::"MarketplaceType", 'CONNECTED',
        'store-' || s || '-' || m, (ARRAY['USD','GBP','USD','INR','USD','USD','INR'])[m], 'UTC', '{}', now() - interval '7 minutes', '{}', now(), now()
      FROM generate_series(1, $1) s, generate_series(1, 7) m`,
      [opts.sellers],
    );
    await c.query(
      `INSERT INTO "UnifiedProduct" (id, "userId", "connectionId", marketplace, "externalId", sku, title, price, currency, inventory, status, "createdAt", "updatedAt")
      SELECT 'bench-prod-' || s || '-' || m || '-' || k, 'bench-seller-' || s, 'bench-conn-' || s || '-' || m,
        (ARRAY['SHOPIFY','EBAY','ETSY','FLIPKART','BIGCOMMERCE','SQUARE','SNAPDEAL'])[m]::"MarketplaceType", 'P' || m || '-' || k, 'SKU-' || k, 'Product ' || k,
        (5 + k)::numeric, (ARRAY['USD','GBP','USD','INR','USD','USD','INR'])[m], (k * 7 + m) % 40,
        (CASE WHEN (k * 7 + m) % 40 = 0 THEN 'OUT_OF_STOCK' ELSE 'ACTIVE' END)::"ProductStatus", now(), now()
      FROM generate_series(1, $1) s, generate_series(1, 7) m, generate_series(1, 60) k`,
      [opts.sellers],
    );
    for (let s = 1; s <= opts.sellers; s++) {
      await c.query(
        `INSERT INTO "UnifiedOrder" (id, "userId", "connectionId", marketplace, "externalOrderId", "orderNumber", "orderedAt", status, "marketplaceStatus",
          "totalAmount", currency, "totalAmountUSD", "fxRateToUSD", "fxRateDate", "refundedAmount", "itemCount", "sourceUpdatedAt", "createdAt", "updatedAt")
        SELECT 'bench-o-' || $1 || '-' || i, 'bench-seller-' || $1, 'bench-conn-' || $1 || '-' || (1 + i % 7),
          (ARRAY['SHOPIFY','EBAY','ETSY','FLIPKART','BIGCOMMERCE','SQUARE','SNAPDEAL'])[1 + i % 7]::"MarketplaceType", 'EXT-' || i, i::text,
          now() - (i::float / $2) * interval '365 days',
          (CASE WHEN i % 100 < 5 THEN 'CANCELLED' WHEN i % 100 < 14 THEN 'RETURNED' WHEN i % 100 < 16 THEN 'SHIPPED' WHEN i % 100 < 17 THEN 'CONFIRMED' ELSE 'DELIVERED' END)::"OrderStatus", 'x',
          (10 + (i * 37) % 200)::numeric, (ARRAY['USD','GBP','USD','INR','USD','USD','INR'])[1 + i % 7],
          (10 + (i * 37) % 200)::numeric * (ARRAY[1, 1.27, 1, 0.012, 1, 1, 0.012])[1 + i % 7], (ARRAY[1, 1.27, 1, 0.012, 1, 1, 0.012])[1 + i % 7], current_date,
          CASE WHEN i % 100 BETWEEN 5 AND 13 THEN (10 + (i * 37) % 200)::numeric END,
          (SELECT sum(1 + (i + j) % 3) FROM generate_series(1, 1 + i % 3) j)::int,
          -- the marketplace's last change: days to weeks after the order (a return comes late), never ahead of now
          LEAST(now(), now() - (i::float / $2) * interval '365 days' + (i * 13 % (CASE WHEN i % 100 BETWEEN 5 AND 13 THEN 40 ELSE 12 END)) * interval '1 day'),
          now(), now()
        FROM generate_series(1, $2) i`,
        [s, opts.ordersPerSeller],
      );
      await c.query(
        `INSERT INTO "UnifiedOrderItem" (id, "orderId", "productId", "externalItemId", "externalProductId", sku, title, quantity, "unitPrice", "totalPrice", currency, "createdAt")
        SELECT 'bench-i-' || $1 || '-' || i || '-' || j, 'bench-o-' || $1 || '-' || i, 'bench-prod-' || $1 || '-' || (1 + i % 7) || '-' || (1 + (i * 7 + j) % 60),
          j::text, 'P' || (1 + i % 7) || '-' || (1 + (i * 7 + j) % 60), 'SKU-' || (1 + (i * 7 + j) % 60), 'Product', 1 + (i + j) % 3, 5, 5 * (1 + (i + j) % 3),
          (ARRAY['USD','GBP','USD','INR','USD','USD','INR'])[1 + i % 7], now()
        FROM generate_series(1, $2) i, generate_series(1, 1 + i % 3) j`,
        [s, opts.ordersPerSeller],
      );
      log(`seller ${s}/${opts.sellers}: ${opts.ordersPerSeller} orders`);
    }
    // as autovacuum leaves a table written once: statistics, and the visibility map index-only scans need
    await c.query('VACUUM ANALYZE');
    return 'bench-seller-1';
  } finally {
    await c.end();
  }
}
