import type { StoreData } from '../generator/index.ts';

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** A Shop as getShop answers it (the fields a client reads to name the shop; no seller PII). */
export function renderShop(store: StoreData, userId: number, now: Date) {
  const opened = store.catalog.reduce((first, item) => (item.createdAt < first ? item.createdAt : first), now);
  const { spec } = store;
  return {
    shop_id: Number(spec.storeId),
    user_id: userId,
    shop_name: spec.name,
    create_date: seconds(opened),
    created_timestamp: seconds(opened),
    title: `${spec.name} — handmade goods`,
    currency_code: spec.currency,
    is_vacation: false,
    url: `https://www.etsy.com/shop/${spec.name}`,
    update_date: seconds(now),
    updated_timestamp: seconds(now),
  };
}
