import { buildSchema } from 'graphql';

/**
 * The subset of the GraphQL Admin API (2026-07) the sandbox serves (bulk operations: ./bulk.ts), with Shopify's own type,
 * enum and argument names. Money amounts are `Decimal` strings (as few decimals as needed, at
 * least one: "24.0"), a variant's price the older `Money` scalar ("24.00"), timestamps `DateTime`
 * (ISO-8601 UTC, whole seconds), ids GIDs.
 */
export const SHOPIFY_SCHEMA = buildSchema(/* GraphQL */ `
  scalar DateTime
  scalar Decimal
  scalar Money
  scalar URL
  scalar UnsignedInt64

  interface Node { id: ID! }

  enum CurrencyCode { EUR GBP INR JPY USD }
  enum OrderSortKeys { CREATED_AT ID UPDATED_AT }
  enum ProductVariantSortKeys { ID }
  enum ProductStatus { ACTIVE ARCHIVED DRAFT UNLISTED }
  enum MediaContentType { EXTERNAL_VIDEO IMAGE MODEL_3D VIDEO }
  enum MediaStatus { FAILED PROCESSING READY UPLOADED }
  enum MediaPreviewImageStatus { FAILED PROCESSING READY UPLOADED }
  enum FulfillmentStatus { CANCELLED ERROR FAILURE OPEN PENDING SUCCESS }
  enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
  enum OrderDisplayFulfillmentStatus {
    FULFILLED FULFILLMENT_NOT_REQUIRED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT
    REQUEST_DECLINED RESTOCKED SCHEDULED UNFULFILLED
  }
  enum OrderReturnStatus { INSPECTION_COMPLETE IN_PROGRESS NO_RETURN RETURNED RETURN_FAILED RETURN_REQUESTED }
  enum FulfillmentDisplayStatus {
    ATTEMPTED_DELIVERY CANCELED CARRIER_PICKED_UP CONFIRMED DELAYED DELIVERED FAILURE FULFILLED IN_TRANSIT
    LABEL_PRINTED LABEL_PURCHASED LABEL_VOIDED MARKED_AS_FULFILLED NOT_DELIVERED OUT_FOR_DELIVERY PICKED_UP
    READY_FOR_PICKUP SUBMITTED
  }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
  type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
  type Customer { id: ID! displayName: String! email: String }
  type Shop { name: String! myshopifyDomain: String! currencyCode: CurrencyCode! ianaTimezone: String! }

  type Image { id: ID url: URL! altText: String width: Int height: Int }
  type MediaPreviewImage { image: Image status: MediaPreviewImageStatus! }
  interface Media { id: ID! alt: String mediaContentType: MediaContentType! preview: MediaPreviewImage status: MediaStatus! }
  type MediaImage implements Media { id: ID! alt: String mediaContentType: MediaContentType! preview: MediaPreviewImage status: MediaStatus! }
  type TaxonomyCategory { id: ID! name: String! fullName: String! }
  type InventoryItem { id: ID! sku: String tracked: Boolean! }

  type Product implements Node {
    id: ID! title: String! status: ProductStatus! updatedAt: DateTime! productType: String!
    category: TaxonomyCategory featuredMedia: Media
    variants(first: Int, after: String): ProductVariantConnection!
  }
  type ProductVariant implements Node {
    id: ID! sku: String title: String! price: Money! inventoryQuantity: Int inventoryItem: InventoryItem!
    updatedAt: DateTime! product: Product!
  }
  type ProductVariantEdge { cursor: String! node: ProductVariant! }
  type ProductVariantConnection { edges: [ProductVariantEdge!]! nodes: [ProductVariant!]! pageInfo: PageInfo! }

  type LineItem implements Node {
    id: ID! title: String! name: String! variantTitle: String sku: String quantity: Int!
    originalUnitPriceSet: MoneyBag! originalTotalSet: MoneyBag! product: Product variant: ProductVariant
  }
  type LineItemEdge { cursor: String! node: LineItem! }
  type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }
  type Fulfillment { id: ID! createdAt: DateTime! displayStatus: FulfillmentDisplayStatus status: FulfillmentStatus! deliveredAt: DateTime }
  type Refund { id: ID! createdAt: DateTime note: String totalRefundedSet: MoneyBag! }

  type Order implements Node {
    id: ID! name: String! createdAt: DateTime! updatedAt: DateTime! processedAt: DateTime! cancelledAt: DateTime
    currencyCode: CurrencyCode!
    displayFinancialStatus: OrderDisplayFinancialStatus
    displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
    returnStatus: OrderReturnStatus!
    subtotalPriceSet: MoneyBag totalPriceSet: MoneyBag! totalTaxSet: MoneyBag totalShippingPriceSet: MoneyBag!
    totalDiscountsSet: MoneyBag totalRefundedSet: MoneyBag!
    email: String customer: Customer
    lineItems(first: Int, after: String): LineItemConnection!
    fulfillments(first: Int): [Fulfillment!]!
    refunds(first: Int): [Refund!]!
  }
  type OrderEdge { cursor: String! node: Order! }
  type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

  enum BulkOperationStatus { CANCELED CANCELING COMPLETED CREATED EXPIRED FAILED RUNNING }
  enum BulkOperationErrorCode { ACCESS_DENIED INTERNAL_SERVER_ERROR TIMEOUT }
  enum BulkOperationType { MUTATION QUERY }
  enum BulkOperationUserErrorCode { INVALID LIMIT_REACHED OPERATION_IN_PROGRESS }

  type BulkOperation implements Node {
    id: ID! status: BulkOperationStatus! errorCode: BulkOperationErrorCode
    createdAt: DateTime! completedAt: DateTime
    objectCount: UnsignedInt64! rootObjectCount: UnsignedInt64! fileSize: UnsignedInt64
    url: URL partialDataUrl: URL query: String! type: BulkOperationType!
  }
  type BulkOperationUserError { code: BulkOperationUserErrorCode field: [String!] message: String! }
  type UserError { field: [String!] message: String! }
  type BulkOperationRunQueryPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }
  type BulkOperationCancelPayload { bulkOperation: BulkOperation userErrors: [UserError!]! }

  type QueryRoot {
    node(id: ID!): Node
    bulkOperation(id: ID!): BulkOperation
    currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
    orders(first: Int, after: String, query: String, sortKey: OrderSortKeys = ID, reverse: Boolean = false): OrderConnection!
    productVariants(first: Int, after: String, query: String, sortKey: ProductVariantSortKeys = ID, reverse: Boolean = false): ProductVariantConnection!
    shop: Shop!
  }
  type Mutation {
    bulkOperationRunQuery(query: String!, groupObjects: Boolean): BulkOperationRunQueryPayload
    bulkOperationCancel(id: ID!): BulkOperationCancelPayload
  }
  schema { query: QueryRoot mutation: Mutation }
`);
