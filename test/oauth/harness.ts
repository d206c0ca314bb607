import type { Express } from 'express';
import request from 'supertest';
import { createConnectLink } from '../../src/connections/connect-link.ts';
import { generateKeySpec } from '../../src/crypto/tokens.ts';
import { registerSandboxApps } from '../../src/demo/register-sandbox-apps.ts';
import { createApp } from '../../src/http/app.ts';
import { createNotifier, type Notifier } from '../../src/notify/notifier.ts';
import type { Runtime } from '../../src/runtime.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { type RunningSandboxes, startSandboxes } from '../../src/sandbox/index.ts';
import type { SandboxMarketplace } from '../../src/sandbox/types.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { ANCHOR } from '../helpers/sandbox.ts';
import { syncRuntime } from '../helpers/sync.ts';

/** Where the app believes it is reachable; requests there go to the express app in-process. */
export const PUBLIC = 'http://frame.test';

export interface Harness {
  rt: Runtime;
  db: ScratchDatabase;
  sandboxes: RunningSandboxes;
  app: Express;
  /** the environment the runtime was configured from (child processes get it too) */
  env: Record<string, string>;
  enqueued: [string, string | undefined][];
  notifier: Notifier;
  dms: { to: { teamId: string; externalId: string; userId: string }; text: string }[];
  control(m: SandboxMarketplace, path: string, body?: unknown): Promise<unknown>;
  stats(m: SandboxMarketplace): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/**
 * The seven sandboxes (real clock) and our express app configured against them, with the
 * sandboxes' app credentials, a fixed token key, a capturing EnqueueSync and a notifier whose
 * Slack sender records the DMs.
 */
export async function startHarness(opts: { orders?: number } = {}): Promise<Harness> {
  const sandboxes = await startSandboxes({ orders: opts.orders ?? 200, seed: 11, anchor: ANCHOR });
  const u = sandboxes.urls;
  const env: Record<string, string> = {
    PUBLIC_BASE_URL: PUBLIC,
    TOKEN_ENCRYPTION_KEY: generateKeySpec('ktest'),
    SHOPIFY_API_BASE_URL: u.shopify,
    EBAY_API_BASE_URL: u.ebay,
    EBAY_AUTH_BASE_URL: u.ebay,
    ETSY_API_BASE_URL: u.etsy,
    ETSY_AUTH_BASE_URL: u.etsy,
    FLIPKART_API_BASE_URL: u.flipkart,
    BIGCOMMERCE_API_BASE_URL: u.bigcommerce,
    BIGCOMMERCE_LOGIN_BASE_URL: u.bigcommerce,
    SQUARE_API_BASE_URL: u.square,
    SQUARE_AUTH_BASE_URL: u.square,
    SNAPDEAL_API_BASE_URL: u.snapdeal,
    SNAPDEAL_AUTH_BASE_URL: u.snapdeal,
  };
  const { rt, db } = await syncRuntime(env);
  const enqueued: Harness['enqueued'] = [];
  const dms: Harness['dms'] = [];
  const notifier = createNotifier(rt.db, rt.log, { SLACK: async (to, text) => void dms.push({ to, text }) });
  const app = createApp({ ...rt, enqueueSync: async (id, stream) => void enqueued.push([id, stream]), notifier });
  const control = async (m: SandboxMarketplace, path: string, body?: unknown) => {
    const res = await fetch(`${u[m]}/_sandbox${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    return res.json();
  };
  // the app settings of the marketplaces' developer portals: where BigCommerce and eBay send the browser back
  await registerSandboxApps(u, { publicBaseUrl: PUBLIC });
  return {
    rt,
    db,
    sandboxes,
    app,
    env: { ...SANDBOX_APP_CREDENTIALS, ...env },
    enqueued,
    notifier,
    dms,
    control,
    stats: async (m) => (await (await fetch(`${u[m]}/_sandbox/oauth/stats`)).json()) as Record<string, number>,
    async close() {
      await sandboxes.stop();
      await rt.close();
      await db.drop();
    },
  };
}

/** A seller reachable by Slack DM (the notifier's capturing sender). */
export async function createSeller(h: Harness, name: string): Promise<string> {
  const user = await h.rt.db.user.create({ data: { name, timeZone: 'America/New_York' } });
  await h.rt.db.chatIdentity.create({
    data: { channel: 'SLACK', teamId: 'T0FRAME', externalId: `U${user.id.slice(-8).toUpperCase()}`, userId: user.id },
  });
  return user.id;
}

export interface Step {
  url: string;
  status: number;
  location: string | undefined;
  text: string;
}

/**
 * A browser as far as the flow needs one: follows redirects by hand, keeps the cookies our app
 * sets, and sends requests for PUBLIC to the express app (supertest) and the rest over HTTP.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly visited: Step[] = [];

  constructor(private readonly app: Express) {}

  async go(url: string, form?: Record<string, string>): Promise<Step> {
    let step: Step;
    if (url.startsWith(PUBLIC)) {
      const path = url.slice(PUBLIC.length);
      let req = form ? request(this.app).post(path).type('form').send(form) : request(this.app).get(path);
      if (this.cookies.size) req = req.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      const res = await req.redirects(0);
      for (const header of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
        const [pair, ...attrs] = header.split(';').map((s) => s.trim());
        const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
        if (attrs.some((a) => a.toLowerCase() === 'max-age=0')) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
      step = { url, status: res.status, location: res.headers.location, text: res.text };
    } else {
      const res = await fetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        ...(form && { body: new URLSearchParams(form) }),
      });
      step = { url, status: res.status, location: res.headers.get('location') ?? undefined, text: await res.text() };
    }
    this.visited.push(step);
    return step;
  }

  /** Opens a connect link as a seller does: its page, then its button (a POST of the link), redirects followed or not. */
  async openLink(url: string, follow = true): Promise<Step> {
    const landing = await this.go(url);
    const link = /name="link" value="([^"]+)"/.exec(landing.text)?.[1];
    if (!link) return landing;
    const start = url.slice(0, url.indexOf('?'));
    return follow ? this.follow(start, { link }) : this.go(start, { link });
  }

  /** Goes to `url` and follows redirects until a page (at most 10 hops). */
  async follow(url: string, form?: Record<string, string>): Promise<Step> {
    let step = await this.go(url, form);
    for (let hops = 0; step.status >= 300 && step.status < 400 && step.location; hops++) {
      if (hops >= 10) throw new Error(`redirect loop from ${url}`);
      step = await this.go(new URL(step.location, step.url).toString());
    }
    return step;
  }
}

/** The hidden state of the store form. */
export const formState = (html: string) => /name="state" value="([^"]+)"/.exec(html)?.[1];
/** Where the store form posts. */
export const formAction = (html: string) => /<form method="post" action="([^"]+)"/.exec(html)?.[1];

/** A seller's store connected through the whole flow (for tests about what comes after). */
export async function connectThroughFlow(
  h: Harness,
  m: 'SHOPIFY' | 'BIGCOMMERCE' | 'SQUARE',
  userId: string,
): Promise<string> {
  const browser = new Browser(h.app);
  const { url } = await createConnectLink(h.rt, userId, m);
  const first = await browser.openLink(url);
  const state = formState(first.text);
  const page = state
    ? await browser.follow(`${PUBLIC}/oauth/shopify/start`, { state, shop: 'frame-demo-us.myshopify.com' })
    : first;
  if (page.status !== 200 || !page.text.includes('connected'))
    throw new Error(`the ${m} flow failed: ${page.status} ${page.text.slice(0, 300)}`);
  return (
    await h.rt.db.marketplaceConnection.findFirstOrThrow({
      where: { userId, marketplace: m },
      orderBy: { updatedAt: 'desc' },
    })
  ).id;
}
