import type { LifecycleStatus, StatusChange } from '../types.ts';
import type { Rng } from './random.ts';

const H = 3_600_000;
const D = 24 * H;

/** The longest an order keeps changing after it is placed: past this it is final. */
export const MAX_LIFECYCLE_MS = 40 * D;

/**
 * Every order's whole future, drawn at creation: about 5% cancelled, 2% refunded before
 * shipping, 7% returned after delivery, the rest delivered. What an API shows is the part
 * of it at or before the sandbox clock, so orders change status between syncs.
 */
export function planLifecycle(rng: Rng, createdAt: Date): StatusChange[] {
  const t0 = createdAt.getTime();
  const plan: StatusChange[] = [{ status: 'PENDING', at: createdAt }];
  const add = (status: LifecycleStatus, at: number) => plan.push({ status, at: new Date(at) });
  const outcome = rng.weighted([5, 2, 7, 86]);
  const processing = t0 + rng.int(10, 6 * 60) * 60_000;
  if (outcome === 0) {
    if (rng.chance(0.5)) add('PROCESSING', processing);
    add('CANCELLED', Math.max(processing, t0) + rng.int(1, 36) * H);
    return plan;
  }
  add('PROCESSING', processing);
  if (outcome === 1) {
    add('REFUNDED', processing + rng.int(12, 96) * H);
    return plan;
  }
  const shipped = processing + rng.int(12, 72) * H;
  add('SHIPPED', shipped);
  const delivered = shipped + rng.int(24, 7 * 24) * H;
  add('DELIVERED', delivered);
  if (outcome === 2) add('RETURNED', delivered + rng.int(2, 25) * D + rng.int(0, 23) * H);
  return plan;
}

/** The plan as seen at `now`: the changes so far, or null when the order does not exist yet. */
export function historyAt(plan: readonly StatusChange[], now: Date): StatusChange[] | null {
  if (plan[0]!.at > now) return null;
  return plan.filter((c) => c.at <= now);
}
