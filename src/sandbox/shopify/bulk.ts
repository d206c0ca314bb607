import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import express, { type Request, type Response, type Router } from 'express';
import {
  type DocumentNode,
  execute,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionNode,
  type SelectionSetNode,
  validate,
  valueFromASTUntyped,
} from 'graphql';
import type { SandboxState } from '../kit.ts';
import { dateTime } from './render.ts';
import { bulkRoots, type RequestContext } from './resolvers.ts';
import { SHOPIFY_SCHEMA } from './schema.ts';

/**
 * Shopify's bulk query operations: `bulkOperationRunQuery` checks the inner query and runs it
 * over the shop's data with the same resolvers as a paged query, flattened to JSONL (a line per
 * connection node, nested connection nodes on lines of their own with `__parentId`). The
 * operation goes CREATED → RUNNING → COMPLETED at `objectsPerSecond`, counted in real time or on
 * the sandbox clock, whichever moved more, so a test can drive it either way. The result is
 * served from this app at a signed URL that dies 7 days (sandbox clock) after the operation ends.
 * Controls: GET/POST /_sandbox/bulk, POST /_sandbox/bulk/reset (also done by /_sandbox/faults/reset).
 */

type Status = 'CREATED' | 'RUNNING' | 'COMPLETED' | 'CANCELING' | 'CANCELED' | 'FAILED' | 'EXPIRED';
type ErrorCode = 'ACCESS_DENIED' | 'INTERNAL_SERVER_ERROR' | 'TIMEOUT';
const ERROR_CODES: readonly ErrorCode[] = ['ACCESS_DENIED', 'INTERNAL_SERVER_ERROR', 'TIMEOUT'];

export interface BulkControls {
  /** how fast operations read the shop's objects */
  objectsPerSecond: number;
  /** query operations a shop may run at once; null: as the API version says (1 before 2026-01, 5 since) */
  maxConcurrent: number | null;
  /** the next operations submitted fail with these codes, one each (ACCESS_DENIED at once, the others halfway) */
  failNext: ErrorCode[];
  /** the next N operations are cancelled by Shopify halfway, as it does with stalled ones */
  cancelNext: number;
  /** overrides the mutation's groupObjects */
  groupObjects: boolean | null;
  /** how long a cancel takes (CANCELING), in the same time as the progress */
  cancelDelayMs: number;
}

const DEFAULT_CONTROLS: BulkControls = {
  objectsPerSecond: 100_000,
  maxConcurrent: null,
  failNext: [],
  cancelNext: 0,
  groupObjects: null,
  cancelDelayMs: 1000,
};

const MAX_CONNECTIONS = 5;
const MAX_NESTING = 2;
const URL_TTL_MS = 7 * 86_400_000;
const PAGINATION_ARGS = new Set(['first', 'after', 'last', 'before']);
/** nested connections are read whole; no list in the sandbox's data comes near the most a page holds */
const NESTED_FIRST = 250;
/** fields added to every selection so the flattening knows connections and parents */
const TYPE_KEY = '__bulkType';
const ID_KEY = '__bulkId';
/** root nodes rendered per step of a run (the server stays responsive meanwhile) */
const CHUNK = 250;
const ACTIVE: ReadonlySet<Status> = new Set(['CREATED', 'RUNNING', 'CANCELING']);

class InvalidBulkQuery extends Error {}

interface BulkPlan {
  document: DocumentNode;
  field: string;
  args: Record<string, unknown>;
}

const isConnectionType = (t: GraphQLNamedType) => isObjectType(t) && t.name.endsWith('Connection');

function connectsNodes(connection: GraphQLNamedType): boolean {
  if (!isObjectType(connection)) return false;
  const node = connection.getFields().nodes;
  const type = node && getNamedType(node.type);
  return !!type && isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
}

const aliased = (alias: string, name: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: name },
});

/**
 * The inner query made ready to run whole: fragments spread inline, nested connections read
 * without paging, each selection told its type (and id) under our own aliases; counts the
 * connections and how deep they nest.
 */
function rewrite(
  set: SelectionSetNode,
  type: GraphQLNamedType,
  level: number,
  fragments: Map<string, FragmentDefinitionNode>,
  stats: { connections: number; deepest: number },
): SelectionSetNode {
  const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
  const selections: SelectionNode[] = set.selections.map((sel): SelectionNode => {
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(sel.name.value)!;
      const on = SHOPIFY_SCHEMA.getType(fragment.typeCondition.name.value)!;
      return {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: fragment.typeCondition,
        directives: sel.directives ?? [],
        selectionSet: rewrite(fragment.selectionSet, on, level, fragments, stats),
      };
    }
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? SHOPIFY_SCHEMA.getType(sel.typeCondition.name.value)! : type;
      return { ...sel, selectionSet: rewrite(sel.selectionSet, on, level, fragments, stats) };
    }
    if (!sel.selectionSet) return sel;
    const fieldType = getNamedType(fields[sel.name.value]!.type);
    if (!isConnectionType(fieldType))
      return { ...sel, selectionSet: rewrite(sel.selectionSet, fieldType, level, fragments, stats) };
    if (!connectsNodes(fieldType))
      throw new InvalidBulkQuery(
        `Bulk queries only support connections of types that implement Node: ${sel.name.value}.`,
      );
    stats.connections++;
    stats.deepest = Math.max(stats.deepest, level + 1);
    const args =
      level === 0
        ? sel.arguments
        : [
            ...(sel.arguments ?? []).filter((a) => !PAGINATION_ARGS.has(a.name.value)),
            {
              kind: Kind.ARGUMENT as const,
              name: { kind: Kind.NAME as const, value: 'first' },
              value: { kind: Kind.INT as const, value: String(NESTED_FIRST) },
            },
          ];
    return {
      ...sel,
      arguments: args,
      selectionSet: rewrite(sel.selectionSet, fieldType, level + 1, fragments, stats),
    };
  });
  selections.push(aliased(TYPE_KEY, '__typename'));
  if ('id' in fields) selections.push(aliased(ID_KEY, 'id'));
  return { ...set, selections };
}

/** Checks the inner query as Shopify does; throws InvalidBulkQuery with the reason. */
function planBulkQuery(source: string): BulkPlan {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (err) {
    throw new InvalidBulkQuery(`Invalid bulk query: ${(err as GraphQLError).message}`);
  }
  const errors = validate(SHOPIFY_SCHEMA, document);
  if (errors.length) throw new InvalidBulkQuery(`Invalid bulk query: ${errors.map((e) => e.message).join(' ')}`);
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const op = operations[0];
  if (operations.length !== 1 || op?.operation !== 'query')
    throw new InvalidBulkQuery('Bulk queries must contain exactly one query operation.');
  if (op.variableDefinitions?.length) throw new InvalidBulkQuery('Bulk queries cannot use variables.');
  const top = op.selectionSet.selections.filter((s) => !(s.kind === Kind.FIELD && s.name.value === '__typename'));
  const root = top[0];
  if (top.length !== 1 || root?.kind !== Kind.FIELD)
    throw new InvalidBulkQuery('Bulk queries must contain exactly one top-level field.');
  if (root.name.value === 'node' || root.name.value === 'nodes')
    throw new InvalidBulkQuery('Bulk queries cannot contain a top level `node` or `nodes` field.');
  const queryType = SHOPIFY_SCHEMA.getQueryType()!;
  if (!isConnectionType(getNamedType(queryType.getFields()[root.name.value]!.type)))
    throw new InvalidBulkQuery('Bulk queries must contain at least one connection.');
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const stats = { connections: 0, deepest: 0 };
  const selectionSet = rewrite(op.selectionSet, queryType, 0, fragments, stats);
  if (stats.connections > MAX_CONNECTIONS)
    throw new InvalidBulkQuery(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`);
  if (stats.deepest - 1 > MAX_NESTING)
    throw new InvalidBulkQuery(
      `Bulk queries cannot contain connections with a nesting depth greater than ${MAX_NESTING}.`,
    );
  const args = Object.fromEntries((root.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
  return { document: { kind: Kind.DOCUMENT, definitions: [{ ...op, selectionSet }] }, field: root.name.value, args };
}

type Json = Record<string, unknown>;

/** Where flattened lines go: each line's text, nesting level, and the positions of the root lines. */
interface LineSink {
  lines: string[];
  levels: number[];
  rootsAt: number[];
}

const isConnectionValue = (v: unknown): v is Json =>
  !!v && typeof v === 'object' && String((v as Json)[TYPE_KEY] ?? '').endsWith('Connection');

function nodesOf(connection: Json): Json[] {
  if (Array.isArray(connection.edges)) return (connection.edges as { node: Json }[]).map((e) => e.node);
  return Array.isArray(connection.nodes) ? (connection.nodes as Json[]) : [];
}

/** Shopify escapes "/" in its JSONL (valid JSON: readers must parse, not match strings). */
const jsonLine = (value: Json) => JSON.stringify(value).replaceAll('/', '\\/');

/** A connection's nodes as lines, each followed by its nested connections' lines (grouped order). */
function emit(connection: Json, parentId: unknown, level: number, out: LineSink): void {
  for (const node of nodesOf(connection)) {
    if (!node) continue;
    const at = out.lines.length;
    out.lines.push('');
    out.levels.push(level);
    if (level === 0) out.rootsAt.push(at);
    const line = strip(node, node[ID_KEY], level, out) as Json;
    if (parentId !== undefined) line.__parentId = parentId;
    out.lines[at] = jsonLine(line);
  }
}

/** A node's value without its nested connections (emitted as lines of their own) and our helper fields. */
function strip(value: unknown, ownerId: unknown, level: number, out: LineSink): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, ownerId, level, out));
  if (!value || typeof value !== 'object') return value;
  const result: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === TYPE_KEY || key === ID_KEY) continue;
    if (isConnectionValue(v)) emit(v, ownerId, level + 1, out);
    else result[key] = strip(v, ownerId, level, out);
  }
  return result;
}

/** "2026-01" and later; "unstable" is the newest */
const atLeast = (version: string, than: string) => !/^\d{4}-\d{2}$/.test(version) || version >= than;

interface BulkOp extends LineSink {
  n: number;
  id: string;
  /** the app's shop it runs for: operations are limited per app and shop */
  shop: string;
  query: string;
  grouped: boolean;
  status: Status;
  errorCode: ErrorCode | null;
  createdAt: Date;
  completedAt: Date | null;
  /** every line is rendered */
  built: boolean;
  /** objects read so far */
  done: number;
  /** how it ends early, decided at submit by the controls */
  fate: { status: 'FAILED'; code: ErrorCode } | { status: 'CANCELED'; code: null } | null;
  cancelLeftMs: number;
  seenReal: number;
  seenClock: number;
  /** fixed when it ends: its file (all lines when COMPLETED, those read so far otherwise) */
  result: { status: Status; objects: number; roots: number; bytes: number } | null;
  /** names its file in the URL */
  key: string;
}

interface OpSummary {
  id: string;
  shop: string;
  status: Status;
  errorCode: ErrorCode | null;
  query: string;
  groupObjects: boolean;
  objectCount: number;
}

export class BulkOperations {
  controls: BulkControls = { ...DEFAULT_CONTROLS, failNext: [] };
  /** submissions refused with OPERATION_IN_PROGRESS */
  rejected = 0;
  private readonly ops = new Map<string, BulkOp>();
  private readonly byKey = new Map<string, BulkOp>();
  private readonly secret = randomBytes(32);
  private next = 4_039_184_154_800;

  constructor(private readonly state: SandboxState) {}

  /** The GraphQL root fields of one request. */
  fields(ctx: RequestContext) {
    return {
      bulkOperationRunQuery: (args: { query: string; groupObjects?: boolean | null }) =>
        this.run(ctx, args.query, args.groupObjects),
      bulkOperationCancel: (args: { id: string }) => this.cancel(ctx, args.id),
      node: (args: { id: string }) => this.read(ctx, args.id),
      bulkOperation: (args: { id: string }) => this.read(ctx, args.id),
      currentBulkOperation: (args: { type?: string | null }) => {
        if (args.type === 'MUTATION') return null;
        const latest = [...this.ops.values()].filter((op) => op.shop === ctx.shop).at(-1);
        if (!latest) return null;
        this.tick(latest);
        return this.view(latest, ctx.origin);
      },
    };
  }

  /** The result files: GET /bulk-results/:key?Expires&Signature&… (no token: the signature is the key). */
  routes(router: Router): void {
    router.get('/bulk-results/:key', (req, res) => this.download(req, res));
  }

  controlRoutes(router: Router): void {
    router.get('/bulk', (_req, res) => {
      res.json(this.describe());
    });
    router.post('/bulk', express.json(), (req, res) => {
      const body = (req.body ?? {}) as Partial<Omit<BulkControls, 'failNext' | 'cancelNext'>> & {
        failNext?: ErrorCode | ErrorCode[] | null;
        cancelNext?: boolean | number;
      };
      const { failNext, cancelNext, ...rest } = body;
      const codes = failNext == null ? [] : Array.isArray(failNext) ? failNext : [failNext];
      const unknown = codes.filter((c) => !ERROR_CODES.includes(c));
      if (unknown.length) return void res.status(400).json({ error: `unknown errorCode ${unknown.join(', ')}` });
      Object.assign(this.controls, rest);
      if (failNext !== undefined) this.controls.failNext = codes;
      if (cancelNext !== undefined) this.controls.cancelNext = Number(cancelNext);
      res.json(this.describe());
    });
    router.post('/bulk/reset', (_req, res) => {
      this.reset();
      res.json(this.describe());
    });
    router.post('/faults/reset', (_req, _res, next) => {
      this.reset();
      next();
    });
  }

  private reset(): void {
    this.controls = { ...DEFAULT_CONTROLS, failNext: [] };
  }

  private describe() {
    const ops: OpSummary[] = [...this.ops.values()].map((op) => {
      this.tick(op);
      return {
        id: op.id,
        shop: op.shop,
        status: op.status,
        errorCode: op.errorCode,
        query: op.query,
        groupObjects: op.grouped,
        objectCount: this.counts(op).objects,
      };
    });
    return { controls: this.controls, rejected: this.rejected, ops };
  }

  private run(ctx: RequestContext, query: string, groupObjects: boolean | null | undefined) {
    let plan: BulkPlan;
    let roots: ReturnType<typeof bulkRoots>;
    try {
      plan = planBulkQuery(query);
      roots = bulkRoots(ctx, plan.field, plan.args);
      if (!roots) throw new InvalidBulkQuery(`Bulk queries over ${plan.field} are not supported.`);
    } catch (err) {
      if (!(err instanceof InvalidBulkQuery || err instanceof GraphQLError)) throw err;
      return { bulkOperation: null, userErrors: [{ code: 'INVALID', field: ['query'], message: err.message }] };
    }
    const running = [...this.ops.values()].filter((op) => {
      if (op.shop !== ctx.shop) return false;
      this.tick(op);
      return ACTIVE.has(op.status);
    });
    const slots = this.controls.maxConcurrent ?? (atLeast(ctx.version, '2026-01') ? 5 : 1);
    if (running.length >= slots) {
      this.rejected++;
      const ids = running.map((op) => op.id).join(', ');
      return {
        bulkOperation: null,
        userErrors: [
          {
            code: 'OPERATION_IN_PROGRESS',
            field: null,
            message: `A bulk query operation for this app and shop is already in progress: ${ids}.`,
          },
        ],
      };
    }
    const failure = this.controls.failNext.shift();
    const cancelled = !failure && this.controls.cancelNext > 0;
    if (cancelled) this.controls.cancelNext--;
    const n = this.next++;
    const op: BulkOp = {
      n,
      id: `gid://shopify/BulkOperation/${n}`,
      shop: ctx.shop,
      query,
      grouped: this.controls.groupObjects ?? groupObjects ?? !atLeast(ctx.version, '2026-01'),
      status: 'CREATED',
      errorCode: null,
      createdAt: this.state.clock.now(),
      completedAt: null,
      lines: [],
      levels: [],
      rootsAt: [],
      built: false,
      done: 0,
      fate: failure ? { status: 'FAILED', code: failure } : cancelled ? { status: 'CANCELED', code: null } : null,
      cancelLeftMs: 0,
      seenReal: Date.now(),
      seenClock: this.state.clock.now().getTime(),
      result: null,
      key: randomBytes(16).toString('hex'),
    };
    this.ops.set(op.id, op);
    this.byKey.set(op.key, op);
    void this.build(op, plan, roots);
    return { bulkOperation: this.view(op, ctx.origin), userErrors: [] };
  }

  /** Renders the operation's lines a chunk at a time. */
  private async build(op: BulkOp, plan: BulkPlan, roots: NonNullable<ReturnType<typeof bulkRoots>>): Promise<void> {
    try {
      for (let k = 0; k < roots.count && ACTIVE.has(op.status); k += CHUNK) {
        const nodes: object[] = [];
        for (let j = k; j < Math.min(k + CHUNK, roots.count); j++) {
          const node = roots.node(j);
          if (node) nodes.push(node);
        }
        const pageInfo = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };
        const connection = { edges: nodes.map((node) => ({ cursor: '', node })), nodes, pageInfo };
        const result = await execute({
          schema: SHOPIFY_SCHEMA,
          document: plan.document,
          rootValue: { [plan.field]: () => connection },
        });
        if (result.errors?.length) throw result.errors[0];
        for (const value of Object.values(result.data ?? {}))
          if (isConnectionValue(value)) emit(value, undefined, 0, op);
        await new Promise((resolve) => setImmediate(resolve));
      }
      op.built = true;
    } catch {
      // a query the resolvers cannot answer fails as Shopify's do
      op.built = true;
      if (ACTIVE.has(op.status)) this.end(op, 'FAILED', 'INTERNAL_SERVER_ERROR');
    }
  }

  /** Moves the operation on by the time passed since it was last looked at. */
  private tick(op: BulkOp): void {
    const real = Date.now();
    const clock = this.state.clock.now().getTime();
    const elapsed = Math.max(0, real - op.seenReal, clock - op.seenClock);
    op.seenReal = real;
    op.seenClock = clock;
    if (op.status === 'CANCELING') {
      op.cancelLeftMs -= elapsed;
      if (op.cancelLeftMs <= 0) this.end(op, 'CANCELED', null);
    } else if (op.status === 'CREATED' || op.status === 'RUNNING') {
      const stopAt = !op.fate
        ? Number.POSITIVE_INFINITY
        : op.fate.code === 'ACCESS_DENIED'
          ? 0
          : op.built
            ? Math.floor(op.lines.length / 2)
            : Number.POSITIVE_INFINITY;
      op.done = Math.min(op.lines.length, stopAt, op.done + (elapsed * this.controls.objectsPerSecond) / 1000);
      if (op.fate && op.done >= stopAt) this.end(op, op.fate.status, op.fate.code);
      else if (op.built && op.done >= op.lines.length) this.end(op, 'COMPLETED', null);
      else op.status = op.done >= 1 ? 'RUNNING' : 'CREATED';
    }
    if (op.completedAt && op.status !== 'EXPIRED' && clock - op.completedAt.getTime() >= URL_TTL_MS) {
      op.status = 'EXPIRED';
      op.lines = [];
      op.levels = [];
      op.rootsAt = [];
    }
  }

  private end(op: BulkOp, status: Status, code: ErrorCode | null): void {
    op.status = status;
    op.errorCode = code;
    op.completedAt = this.state.clock.now();
    const objects = status === 'COMPLETED' ? op.lines.length : Math.floor(op.done);
    let bytes = 0;
    for (let i = 0; i < objects; i++) bytes += Buffer.byteLength(op.lines[i]!) + 1;
    op.result = { status, objects, roots: this.rootsBefore(op, objects), bytes };
  }

  private rootsBefore(op: BulkOp, objects: number): number {
    let lo = 0;
    let hi = op.rootsAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (op.rootsAt[mid]! < objects) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private counts(op: BulkOp): { objects: number; roots: number } {
    if (op.result) return op.result;
    const objects = Math.floor(op.done);
    return { objects, roots: this.rootsBefore(op, objects) };
  }

  private find(ctx: RequestContext, id: string): BulkOp | null {
    const op = this.ops.get(id);
    return op && op.shop === ctx.shop ? op : null;
  }

  private read(ctx: RequestContext, id: string) {
    const op = this.find(ctx, id);
    if (!op) return null;
    this.tick(op);
    return this.view(op, ctx.origin);
  }

  private cancel(ctx: RequestContext, id: string) {
    const op = this.find(ctx, id);
    if (!op) return { bulkOperation: null, userErrors: [{ field: ['id'], message: 'Bulk operation does not exist' }] };
    this.tick(op);
    if (op.status !== 'CREATED' && op.status !== 'RUNNING') {
      return {
        bulkOperation: this.view(op, ctx.origin),
        userErrors: [
          { field: null, message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}` },
        ],
      };
    }
    op.status = 'CANCELING';
    op.cancelLeftMs = this.controls.cancelDelayMs;
    return { bulkOperation: this.view(op, ctx.origin), userErrors: [] };
  }

  private view(op: BulkOp, origin: string) {
    const { objects, roots } = this.counts(op);
    const file = op.result && op.result.objects > 0 ? this.link(op, origin) : null;
    return {
      __typename: 'BulkOperation',
      id: op.id,
      status: op.status,
      errorCode: op.errorCode,
      createdAt: dateTime(op.createdAt),
      completedAt: op.completedAt ? dateTime(op.completedAt) : null,
      objectCount: String(objects),
      rootObjectCount: String(roots),
      fileSize: op.result?.status === 'COMPLETED' && file ? String(op.result.bytes) : null,
      url: op.result?.status === 'COMPLETED' ? file : null,
      partialDataUrl: op.result && op.result.status !== 'COMPLETED' ? file : null,
      query: op.query,
      type: 'QUERY',
    };
  }

  private sign(key: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${key}\n${expires}`).digest('base64url');
  }

  /** A signed URL in the style of the cloud storage Shopify serves results from. */
  private link(op: BulkOp, origin: string): string {
    const expires = Math.floor((op.completedAt!.getTime() + URL_TTL_MS) / 1000);
    const file = `bulk-${op.n}.jsonl`;
    const params = new URLSearchParams({
      GoogleAccessId: 'bulk-operations@shopify-sandbox.iam.gserviceaccount.com',
      Expires: String(expires),
      Signature: this.sign(op.key, expires),
      'response-content-disposition': `attachment; filename="${file}"; filename*=UTF-8''${file}`,
      'response-content-type': 'application/jsonl',
    });
    return `${origin}/bulk-results/${op.key}?${params}`;
  }

  private async download(req: Request, res: Response): Promise<void> {
    const denied = (code: string, message: string) =>
      res
        .status(403)
        .type('application/xml')
        .send(`<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    const op = this.byKey.get(String(req.params.key));
    const expires = Number(req.query.Expires);
    const given = Buffer.from(String(req.query.Signature ?? ''));
    const wanted = op && Number.isInteger(expires) ? Buffer.from(this.sign(op.key, expires)) : null;
    if (!op || !wanted || given.length !== wanted.length || !timingSafeEqual(given, wanted))
      return void denied(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    this.tick(op);
    if (expires * 1000 <= this.state.clock.now().getTime() || op.status === 'EXPIRED' || !op.result)
      return void denied('AccessDenied', 'Request has expired.');
    res.type('application/jsonl');
    res.set('content-disposition', String(req.query['response-content-disposition'] ?? ''));
    let batch: string[] = [];
    for (const i of this.fileOrder(op)) {
      batch.push(op.lines[i]!);
      if (batch.length === 1000) {
        if (!res.write(`${batch.join('\n')}\n`)) await once(res, 'drain');
        batch = [];
      }
    }
    res.end(batch.length ? `${batch.join('\n')}\n` : '');
  }

  /** The file's lines: parents right before their children when grouped, else each level after the one above. */
  private *fileOrder(op: BulkOp): Generator<number> {
    const count = op.result?.objects ?? 0;
    if (op.grouped) {
      for (let i = 0; i < count; i++) yield i;
      return;
    }
    let deepest = 0;
    for (let i = 0; i < count; i++) deepest = Math.max(deepest, op.levels[i]!);
    for (let level = 0; level <= deepest; level++) for (let i = 0; i < count; i++) if (op.levels[i] === level) yield i;
  }
}
