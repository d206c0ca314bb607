import type { Router } from 'express';
import { z } from 'zod';
import type { SandboxState } from './kit.ts';
import { buildDelivery, type Subscription, type WebhookMarketplace } from './webhook-deliveries.ts';

const Subscribe = z.object({ url: z.url(), secret: z.string().min(1) });
const Emit = z.object({
  sinceIso: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO date')
    .optional(),
});

export interface EmitReport {
  sent: number;
  /** deliveries answered with a 2xx */
  delivered: number;
  /** HTTP status (or "error") → count */
  responses: Record<string, number>;
}

/**
 * Webhooks from a marketplace imitation. `POST /_sandbox/webhooks/subscribe {url, secret}`
 * registers the receiver; `POST /_sandbox/webhooks/emit {sinceIso?}` delivers, one by one, a
 * signed event for every order changed since the last emit (or the subscription).
 */
export function createWebhookEmitter(m: WebhookMarketplace, state: SandboxState) {
  let subscription: Subscription | null = null;
  let since: Date | null = null;

  async function emit(from: Date | null): Promise<EmitReport> {
    const sub = subscription!;
    const now = state.clock.now();
    const report: EmitReport = { sent: 0, delivered: 0, responses: {} };
    for (const store of state.data.storesOf(m)) {
      for (const index of store.updatedBetween(from, null, now)) {
        const order = state.order(store, index);
        if (!order) continue;
        const { headers, body } = buildDelivery(m, order, sub);
        report.sent++;
        let outcome: string;
        try {
          const res = await fetch(sub.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          outcome = String(res.status);
          if (res.ok) report.delivered++;
        } catch {
          outcome = 'error';
        }
        report.responses[outcome] = (report.responses[outcome] ?? 0) + 1;
      }
    }
    since = now;
    return report;
  }

  return {
    routes(router: Router): void {
      router.post('/webhooks/subscribe', (req, res) => {
        const parsed = Subscribe.safeParse(req.body);
        if (!parsed.success)
          return void res.status(400).json({ error: parsed.error.issues.map((i) => i.message).join('; ') });
        subscription = parsed.data;
        since = state.clock.now();
        res.json({ subscribed: subscription.url, since: since.toISOString() });
      });
      router.post('/webhooks/emit', async (req, res, next) => {
        const parsed = Emit.safeParse(req.body ?? {});
        if (!parsed.success)
          return void res.status(400).json({ error: parsed.error.issues.map((i) => i.message).join('; ') });
        if (!subscription)
          return void res
            .status(409)
            .json({ error: 'no webhook subscription: POST /_sandbox/webhooks/subscribe first' });
        try {
          res.json(await emit(parsed.data.sinceIso ? new Date(parsed.data.sinceIso) : since));
        } catch (err) {
          next(err);
        }
      });
    },
  };
}
