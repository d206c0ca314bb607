import { z } from 'zod';

/**
 * A period as a seller says it ("last month", "Q3", "since March 3"), resolved in code — never
 * by the LLM — to exact instants in the seller's time zone.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const periodSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('today') }),
  z.object({ kind: z.literal('yesterday') }),
  z.object({ kind: z.literal('this'), unit: z.enum(['week', 'month', 'quarter', 'year']) }),
  z.object({ kind: z.literal('last'), unit: z.enum(['week', 'month', 'quarter', 'year']) }),
  z.object({
    kind: z.literal('last_n_days'),
    days: z.number().int().min(1).max(3660).describe('number of days up to and including today'),
  }),
  z.object({ kind: z.literal('since'), date: isoDate.describe('first day, inclusive') }),
  z.object({
    kind: z.literal('between'),
    from: isoDate.describe('first day, inclusive'),
    to: isoDate.describe('last day, inclusive'),
  }),
  z.object({
    kind: z.literal('month'),
    month: z.number().int().min(1).max(12),
    year: z.number().int().min(2000).max(2100).optional().describe('default: the latest such month not in the future'),
  }),
  z.object({
    kind: z.literal('quarter'),
    quarter: z.number().int().min(1).max(4),
    year: z
      .number()
      .int()
      .min(2000)
      .max(2100)
      .optional()
      .describe('default: the latest such quarter not in the future'),
  }),
  z.object({ kind: z.literal('year'), year: z.number().int().min(2000).max(2100) }),
  z.object({ kind: z.literal('all') }),
]);
export type PeriodSpec = z.infer<typeof periodSpec>;

export interface ResolvedPeriod {
  /** first instant, inclusive */
  start: Date;
  /** end instant, exclusive */
  end: Date;
  /** first and last local day, inclusive, YYYY-MM-DD */
  firstDay: string;
  lastDay: string;
  timeZone: string;
  /** e.g. "last month (1 Oct – 31 Oct 2026)" */
  label: string;
  /** the period runs on past today ("this month" on the 7th): it holds only its first days so far */
  inProgress: boolean;
}
