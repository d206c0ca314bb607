/**
 * GraphQL documents the connector sends (Admin API 2026-07). Our orders have at most three line
 * items, so `lineItems(first: 50)` holds them all; a shop with larger orders would page them.
 * `fulfillments` and `refunds` are plain lists (not connections); the earliest fulfillment's
 * `createdAt` is when the order was handed over, the latest refund's dates a cancellation by
 * refund. Variants carry their product's taxonomy category, free-text type and featured image
 * (one object each, a few cost points per variant).
 */

const MONEY = 'shopMoney { amount currencyCode }';

export const ORDERS_QUERY = /* GraphQL */ `
  query Orders($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        name
        createdAt
        updatedAt
        cancelledAt
        displayFinancialStatus
        displayFulfillmentStatus
        returnStatus
        totalPriceSet { ${MONEY} }
        subtotalPriceSet { ${MONEY} }
        totalTaxSet { ${MONEY} }
        totalShippingPriceSet { ${MONEY} }
        totalDiscountsSet { ${MONEY} }
        totalRefundedSet { ${MONEY} }
        email
        customer { displayName email }
        lineItems(first: 50) {
          nodes {
            id
            name
            sku
            quantity
            originalUnitPriceSet { ${MONEY} }
            originalTotalSet { ${MONEY} }
            product { id }
            variant { id }
          }
        }
        fulfillments(first: 10) { createdAt displayStatus status }
        refunds(first: 10) { createdAt }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const VARIANTS_QUERY = /* GraphQL */ `
  query Variants($first: Int!, $after: String, $query: String) {
    productVariants(first: $first, after: $after, query: $query) {
      nodes {
        id
        sku
        title
        price
        inventoryQuantity
        inventoryItem { tracked }
        updatedAt
        product {
          id
          title
          status
          updatedAt
          productType
          category { name }
          featuredMedia { preview { image { url } } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    shop { currencyCode }
  }
`;
