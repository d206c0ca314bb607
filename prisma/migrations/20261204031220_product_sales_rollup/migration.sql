-- CreateEnum
CREATE TYPE "SalesGrain" AS ENUM ('DAY', 'MONTH');

-- CreateTable
CREATE TABLE "ProductSales" (
    "userId" TEXT NOT NULL,
    "grain" "SalesGrain" NOT NULL,
    "bucket" DATE NOT NULL,
    "marketplace" "MarketplaceType" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "hasSku" BOOLEAN NOT NULL,
    "productKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "revenue" DECIMAL(20,4) NOT NULL,
    "revenueUSD" DECIMAL(20,4) NOT NULL,
    "linesWithoutUSD" INTEGER NOT NULL,

    CONSTRAINT "ProductSales_pkey" PRIMARY KEY ("userId","grain","bucket","marketplace","currency","hasSku","productKey","title")
);

-- AddForeignKey
ALTER TABLE "ProductSales" ADD CONSTRAINT "ProductSales_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ProductSales is kept like DailySales: statement-level triggers over each statement's
-- transition tables, one grouped upsert per statement (both grains at once), keys in order so
-- that two writers never lock rollup rows in opposite orders, groups whose sums do not move
-- left alone. Lines of CANCELLED orders are not counted. The days and months are the seller's.
-- The triggers that join their rows to the orders or the lines run that query through EXECUTE,
-- planned on each call: a plan cached in a session while the tables were small (a sequential
-- scan and a hash join) went on scanning every order for every statement once they were not,
-- and a 100k-order backfill written a page at a time fell to a third of its speed as it went.
CREATE TYPE frame_product_line AS (
  "userId" text, "orderDate" timestamptz, marketplace "MarketplaceType", currency text, "fxRateToUSD" numeric,
  sku text, title text, quantity int, "totalPrice" numeric, sign int);

CREATE FUNCTION frame_product_sales_add(lines frame_product_line[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(lines) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO "ProductSales" AS s ("userId", grain, bucket, marketplace, currency, "hasSku", "productKey", title,
    lines, units, revenue, "revenueUSD", "linesWithoutUSD")
  SELECT l."userId", g.grain, g.bucket, l.marketplace, l.currency, l.has_sku, l.product_key, l.product_title,
    sum(l.sign)::int,
    sum(l.sign * l.quantity)::int,
    sum(l.sign * l."totalPrice"),
    COALESCE(sum(l.sign * round(l."totalPrice" * l."fxRateToUSD", 4)), 0),
    COALESCE(sum(l.sign) FILTER (WHERE l."fxRateToUSD" IS NULL), 0)::int
  FROM (
    SELECT x."userId", x.marketplace, x.currency, x."fxRateToUSD", x.quantity, x."totalPrice", x.sign,
      (x."orderDate" AT TIME ZONE u."timeZone")::date AS day,
      NULLIF(x.sku, '') IS NOT NULL AS has_sku,
      left(COALESCE(NULLIF(x.sku, ''), x.title), 250) AS product_key,
      left(x.title, 250) AS product_title
    FROM unnest(lines) x JOIN "User" u ON u.id = x."userId"
  ) l
  CROSS JOIN LATERAL (VALUES ('DAY'::"SalesGrain", l.day), ('MONTH'::"SalesGrain", date_trunc('month', l.day::timestamp)::date)) g(grain, bucket)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  HAVING sum(l.sign) <> 0 OR sum(l.sign * l.quantity) <> 0 OR sum(l.sign * l."totalPrice") <> 0
    OR COALESCE(sum(l.sign * round(l."totalPrice" * l."fxRateToUSD", 4)), 0) <> 0
    OR COALESCE(sum(l.sign) FILTER (WHERE l."fxRateToUSD" IS NULL), 0) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("userId", grain, bucket, marketplace, currency, "hasSku", "productKey", title) DO UPDATE SET
    lines = s.lines + EXCLUDED.lines,
    units = s.units + EXCLUDED.units,
    revenue = s.revenue + EXCLUDED.revenue,
    "revenueUSD" = s."revenueUSD" + EXCLUDED."revenueUSD",
    "linesWithoutUSD" = s."linesWithoutUSD" + EXCLUDED."linesWithoutUSD";
END $$;

CREATE FUNCTION frame_product_sales_items_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$SELECT frame_product_sales_add(ARRAY(
    SELECT ROW(o."userId", o."orderDate", o.marketplace, o.currency, o."fxRateToUSD", n.sku, n.title, n.quantity, n."totalPrice", 1)::frame_product_line
    FROM new_rows n JOIN "UnifiedOrder" o ON o.id = n."orderId"
    WHERE o.status <> 'CANCELLED'))$q$;
  RETURN NULL;
END $$;

-- Items deleted with their order (the foreign key's cascade) no longer find it: the order's own
-- row trigger below has taken them out already.
CREATE FUNCTION frame_product_sales_items_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$SELECT frame_product_sales_add(ARRAY(
    SELECT ROW(o."userId", o."orderDate", o.marketplace, o.currency, o."fxRateToUSD", d.sku, d.title, d.quantity, d."totalPrice", -1)::frame_product_line
    FROM old_rows d JOIN "UnifiedOrder" o ON o.id = d."orderId"
    WHERE o.status <> 'CANCELLED'))$q$;
  RETURN NULL;
END $$;

CREATE FUNCTION frame_product_sales_items_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$SELECT frame_product_sales_add(ARRAY(
    SELECT ROW(o."userId", o."orderDate", o.marketplace, o.currency, o."fxRateToUSD", x.sku, x.title, x.quantity, x."totalPrice", x.sign)::frame_product_line
    FROM (
      SELECT side.*
      FROM new_rows n JOIN old_rows p ON p.id = n.id
      CROSS JOIN LATERAL (VALUES (n."orderId", n.sku, n.title, n.quantity, n."totalPrice", 1),
                                 (p."orderId", p.sku, p.title, p.quantity, p."totalPrice", -1)) side("orderId", sku, title, quantity, "totalPrice", sign)
      WHERE (n."orderId", n.sku, n.title, n.quantity, n."totalPrice") IS DISTINCT FROM (p."orderId", p.sku, p.title, p.quantity, p."totalPrice")
    ) x JOIN "UnifiedOrder" o ON o.id = x."orderId"
    WHERE o.status <> 'CANCELLED'))$q$;
  RETURN NULL;
END $$;

-- an order whose date, rate, currency, seller or cancellation changes moves its lines
CREATE FUNCTION frame_product_sales_orders_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$SELECT frame_product_sales_add(ARRAY(
    SELECT ROW(x."userId", x."orderDate", x.marketplace, x.currency, x."fxRateToUSD", i.sku, i.title, i.quantity, i."totalPrice", x.sign)::frame_product_line
    FROM (
      SELECT side.*
      FROM new_rows n JOIN old_rows p ON p.id = n.id
      CROSS JOIN LATERAL (VALUES (n.id, n."userId", n."orderDate", n.marketplace, n.currency, n."fxRateToUSD", n.status, 1),
                                 (p.id, p."userId", p."orderDate", p.marketplace, p.currency, p."fxRateToUSD", p.status, -1))
        side(id, "userId", "orderDate", marketplace, currency, "fxRateToUSD", status, sign)
      WHERE (n."userId", n."orderDate", n.marketplace, n.currency, n."fxRateToUSD", n.status = 'CANCELLED')
        IS DISTINCT FROM (p."userId", p."orderDate", p.marketplace, p.currency, p."fxRateToUSD", p.status = 'CANCELLED')
    ) x JOIN "UnifiedOrderItem" i ON i."orderId" = x.id
    WHERE x.status <> 'CANCELLED'))$q$;
  RETURN NULL;
END $$;

-- A row trigger, before the delete: once the order is gone, the cascade's statement trigger on
-- the items cannot tell which seller, day or rate their lines were counted under.
CREATE FUNCTION frame_product_sales_order_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'CANCELLED' THEN
    PERFORM frame_product_sales_add(ARRAY(
      SELECT ROW(OLD."userId", OLD."orderDate", OLD.marketplace, OLD.currency, OLD."fxRateToUSD", i.sku, i.title, i.quantity, i."totalPrice", -1)::frame_product_line
      FROM "UnifiedOrderItem" i WHERE i."orderId" = OLD.id));
  END IF;
  RETURN OLD;
END $$;

CREATE TRIGGER "UnifiedOrderItem_product_sales_insert" AFTER INSERT ON "UnifiedOrderItem"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frame_product_sales_items_inserted();
CREATE TRIGGER "UnifiedOrderItem_product_sales_update" AFTER UPDATE ON "UnifiedOrderItem"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frame_product_sales_items_updated();
CREATE TRIGGER "UnifiedOrderItem_product_sales_delete" AFTER DELETE ON "UnifiedOrderItem"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION frame_product_sales_items_deleted();
CREATE TRIGGER "UnifiedOrder_product_sales_update" AFTER UPDATE ON "UnifiedOrder"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frame_product_sales_orders_updated();
CREATE TRIGGER "UnifiedOrder_product_sales_delete" BEFORE DELETE ON "UnifiedOrder"
  FOR EACH ROW EXECUTE FUNCTION frame_product_sales_order_deleting();

-- A change of the seller's time zone rebuilds their rows, a month of orders at a time.
CREATE FUNCTION frame_product_sales_rebuild_user(uid text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz;
BEGIN
  DELETE FROM "ProductSales" WHERE "userId" = uid;
  FOR m IN SELECT DISTINCT date_trunc('month', o."orderDate") FROM "UnifiedOrder" o WHERE o."userId" = uid LOOP
    PERFORM frame_product_sales_add(ARRAY(
      SELECT ROW(o."userId", o."orderDate", o.marketplace, o.currency, o."fxRateToUSD", i.sku, i.title, i.quantity, i."totalPrice", 1)::frame_product_line
      FROM "UnifiedOrder" o JOIN "UnifiedOrderItem" i ON i."orderId" = o.id
      WHERE o."userId" = uid AND o."orderDate" >= m AND o."orderDate" < m + interval '1 month' AND o.status <> 'CANCELLED'));
  END LOOP;
END $$;

CREATE FUNCTION frame_product_sales_time_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM frame_product_sales_rebuild_user(NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER "User_product_sales_time_zone" AFTER UPDATE OF "timeZone" ON "User"
  FOR EACH ROW WHEN (OLD."timeZone" IS DISTINCT FROM NEW."timeZone") EXECUTE FUNCTION frame_product_sales_time_zone_changed();

-- the lines already there
SELECT frame_product_sales_rebuild_user(id) FROM "User";
