import type { StoreSpec } from '../types.ts';

/**
 * The demo seller's ten stores across the seven marketplaces, with their share of orders (the
 * shares add up to 100). The two BigCommerce stores number their orders and products alike, from
 * 100, as every BigCommerce store does.
 */
export const STORES: readonly StoreSpec[] = [
  { key: 'shopify-us', marketplace: 'shopify', storeId: 'frame-demo-us.myshopify.com', name: 'Frame Demo US', currency: 'USD', exponent: 2, timeZone: 'America/New_York', weight: 22, token: 'shpat_sandbox_shopify_us' },
  { key: 'shopify-eu', marketplace: 'shopify', storeId: 'frame-demo-eu.myshopify.com', name: 'Frame Demo EU', currency: 'EUR', exponent: 2, timeZone: 'Europe/Berlin', weight: 6, token: 'shpat_sandbox_shopify_eu' },
  { key: 'ebay-us', marketplace: 'ebay', storeId: 'framedemo_us', name: 'framedemo_us', currency: 'USD', exponent: 2, timeZone: 'America/Los_Angeles', weight: 12, token: 'v^1.1#i^1#sandbox_ebay_us' },
  { key: 'ebay-uk', marketplace: 'ebay', storeId: 'framedemo_uk', name: 'framedemo_uk', currency: 'GBP', exponent: 2, timeZone: 'Europe/London', weight: 5, token: 'v^1.1#i^1#sandbox_ebay_uk' },
  { key: 'etsy', marketplace: 'etsy', storeId: '41839262', name: 'FrameDemoStudio', currency: 'USD', exponent: 2, timeZone: 'America/Chicago', weight: 10, token: '81234567.sandbox_etsy_token' },
  { key: 'flipkart', marketplace: 'flipkart', storeId: 'fk-seller-7f3a2c', name: 'Frame Demo Retail', currency: 'INR', exponent: 2, timeZone: 'Asia/Kolkata', weight: 15, token: 'f638949a-sandbox-flipkart-token' },
  { key: 'bigcommerce', marketplace: 'bigcommerce', storeId: 'g5cd38', name: 'Frame Demo BC', currency: 'USD', exponent: 2, timeZone: 'America/Denver', weight: 6, token: 'sandbox_bigcommerce_token' },
  { key: 'bigcommerce-outlet', marketplace: 'bigcommerce', storeId: 'h7ef21', name: 'Frame Demo BC Outlet', currency: 'USD', exponent: 2, timeZone: 'America/Chicago', weight: 4, token: 'sandbox_bigcommerce_outlet_token' },
  { key: 'square', marketplace: 'square', storeId: 'L8GFZ7X9Q2M1K', name: 'Frame Demo Market Stall', currency: 'USD', exponent: 2, timeZone: 'America/New_York', weight: 8, token: 'EAAAsandbox_square_token' },
  { key: 'snapdeal', marketplace: 'snapdeal', storeId: 'S1a2b3', name: 'Frame Demo Snapdeal', currency: 'INR', exponent: 2, timeZone: 'Asia/Kolkata', weight: 12, token: 'sandbox-snapdeal-seller-token' },
];

/** App credentials the sandboxes accept (the config variables of each marketplace app). */
export const SANDBOX_APP_CREDENTIALS: Record<string, string> = {
  SHOPIFY_API_KEY: 'sandbox-shopify-api-key',
  SHOPIFY_API_SECRET: 'sandbox-shopify-api-secret',
  EBAY_CLIENT_ID: 'FrameDem-sandbox-PRD-1a2b3c4d5-e6f7a8b9',
  EBAY_CLIENT_SECRET: 'PRD-sandbox-ebay-secret',
  EBAY_RU_NAME: 'Frame_Demo-FrameDem-sandbo-abcde',
  ETSY_API_KEY: 'sandboxetsykeystring0001',
  ETSY_SHARED_SECRET: 'sandboxetsysecret',
  FLIPKART_APP_ID: 'sandbox-flipkart-app',
  FLIPKART_APP_SECRET: 'sandbox-flipkart-secret',
  BIGCOMMERCE_CLIENT_ID: 'sandbox-bigcommerce-client',
  BIGCOMMERCE_CLIENT_SECRET: 'sandbox-bigcommerce-secret',
  SQUARE_APPLICATION_ID: 'sandbox-sq0idp-frame',
  SQUARE_APPLICATION_SECRET: 'sandbox-sq0csp-frame',
  SNAPDEAL_APP_ID: 'sandbox-snapdeal-app',
  SNAPDEAL_CLIENT_ID: 'FrameDemoSeller',
  SNAPDEAL_AUTH_TOKEN: 'sandbox-snapdeal-partner-token',
};
