import type { SandboxMarketplace, StoreSpec, TruthRow } from '../types.ts';
import { StoreData } from './store-data.ts';
import { STORES } from './stores.ts';

export { formatMinor, StoreData } from './store-data.ts';
export { SANDBOX_APP_CREDENTIALS, STORES } from './stores.ts';

const DAY = 86_400_000;

export interface GeneratorOptions {
  /** total orders across all stores (100 … 1,000,000) */
  orders: number;
  seed: number;
  /** the day the history ends at; default: today 00:00 UTC */
  anchor?: Date;
  /** days of history before the anchor; default 365 */
  historyDays?: number;
  /** days after the anchor that still get orders (they appear as the clock passes them); default 1 */
  futureDays?: number;
}

/** Every store of the demo seller, from one seed. Same seed and anchor → same data. */
export class SandboxData {
  readonly stores: StoreData[];
  readonly anchor: Date;

  constructor(readonly options: GeneratorOptions) {
    if (!Number.isInteger(options.orders) || options.orders < 1 || options.orders > 5_000_000) {
      throw new Error('orders must be an integer between 1 and 5,000,000');
    }
    const today = new Date();
    this.anchor = options.anchor ?? new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
    const historyDays = options.historyDays ?? 365;
    const window = {
      start: new Date(this.anchor.getTime() - historyDays * DAY),
      days: historyDays + (options.futureDays ?? 1),
    };
    const weightSum = STORES.reduce((a, s) => a + s.weight, 0);
    let given = 0;
    this.stores = STORES.map((spec, i) => {
      const n =
        i === STORES.length - 1 ? options.orders - given : Math.floor((options.orders * spec.weight) / weightSum);
      given += n;
      return new StoreData(options.seed, spec, n, window);
    });
  }

  store(key: string): StoreData {
    const store = this.stores.find((s) => s.spec.key === key);
    if (!store) throw new Error(`no sandbox store ${key}`);
    return store;
  }

  storesOf(marketplace: SandboxMarketplace): StoreData[] {
    return this.stores.filter((s) => s.spec.marketplace === marketplace);
  }

  /** The store a request is for, by the access token it presents. */
  storeByToken(marketplace: SandboxMarketplace, token: string | undefined): StoreData | undefined {
    return token ? this.storesOf(marketplace).find((s) => s.spec.token === token) : undefined;
  }

  truth(now: Date): TruthRow[] {
    return this.stores.map((s) => s.truth(now));
  }

  specs(): StoreSpec[] {
    return this.stores.map((s) => s.spec);
  }
}
