-- The lines a statement wrote are left out as NOT EXISTS (a hashed anti-join) rather than NOT IN:
-- past work_mem, NOT IN over a subquery is checked row by row against the whole list, and one
-- statement writing a million lines (a bulk import) ran for hours.
CREATE OR REPLACE FUNCTION frame_product_returned_lines(orders text[], written text[], replaced "UnifiedOrderItem"[]) RETURNS frame_product_line[] LANGUAGE plpgsql AS $$
DECLARE
  result frame_product_line[];
BEGIN
  EXECUTE $q$WITH r AS MATERIALIZED (
      SELECT o.id, o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", o."refundedAmount"
      FROM "UnifiedOrder" o WHERE o.id = ANY($1) AND o.status = 'RETURNED'
    ), now AS MATERIALIZED (
      SELECT i.id, i."orderId", i.sku, i.title, i.quantity, i."totalPrice" FROM "UnifiedOrderItem" i WHERE i."orderId" IN (SELECT id FROM r)
    ), l AS (
      SELECT n."orderId", n.sku, n.title, n.quantity, n."totalPrice", 1 AS sign FROM now n
      UNION ALL
      SELECT n."orderId", n.sku, n.title, n.quantity, n."totalPrice", -1 FROM now n WHERE NOT EXISTS (SELECT FROM unnest($2) w(id) WHERE w.id = n.id)
      UNION ALL
      SELECT x."orderId", x.sku, x.title, x.quantity, x."totalPrice", -1 FROM unnest($3) x WHERE x."orderId" IN (SELECT id FROM r)
    )
    SELECT ARRAY(
      SELECT ROW(r."userId", r."orderedAt", r.marketplace, r.currency, r."fxRateToUSD", l.sku, l.title, l.quantity, l."totalPrice", l.sign,
        r.id, true, r."refundedAmount")::frame_product_line
      FROM l JOIN r ON r.id = l."orderId")$q$
    INTO result USING orders, written, replaced;
  RETURN result;
END $$;
