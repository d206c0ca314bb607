import type { z } from 'zod';
import type { TenantContext } from '../../analytics/tenant.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import type { TenantDb } from '../../db/tenant-db.ts';

/** What a tool runs with: the tenant comes from the caller's verified identity, never from the model, and its queries see that seller's rows alone. */
export interface ToolContext {
  db: TenantDb;
  tenant: TenantContext;
}

export interface ToolOutput {
  /** the result as the model sees it: figures and labels, no customer names or e-mails */
  data: unknown;
  /** a plain-language answer built from the data alone (used when the model's answer cannot be trusted) */
  summary: string;
  /** a chart, where a picture helps (trends, breakdowns), not for single numbers */
  chart?: ChartRequest;
  /**
   * The summary without the customer names it holds for the seller: what the conversation
   * keeps, so a later question's turns sent to the LLM name no one.
   */
  summaryForModel?: string;
}

/** One LLM tool: description, zod input with described fields, execute. */
export interface ChatTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: S;
  execute(ctx: ToolContext, args: z.infer<S>): Promise<ToolOutput>;
}

export const defineTool = <S extends z.ZodType>(tool: ChatTool<S>): ChatTool<S> => tool;
