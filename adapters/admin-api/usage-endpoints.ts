import { USAGE_GROUPINGS, type ReadUsageReport } from '../../src/budgets/usage-report.js';
import { usageMonthOf } from '../../src/ports/usage-ledger.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import { z } from 'zod';
import { parse, searchParams } from './endpoints.js';
import { outcomeResponse } from './responses.js';
import type { Endpoint } from './route-table.js';

export const usageQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
    .optional()
    .meta({ description: 'The UTC month, `YYYY-MM`; this month when absent' }),
  by: z.enum(USAGE_GROUPINGS).default('channel').meta({ description: 'How rows are added up' }),
});

const totalsShape = {
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number().meta({ description: 'US dollars from the price table; turns on unpriced models are left out' }),
  turns: z.number().int(),
  unpricedTurns: z.number().int(),
};

export const usageReportSchema = z.object({
  month: z.string(),
  by: z.enum(USAGE_GROUPINGS),
  rows: z.array(z.object({ key: z.string(), ...totalsShape })).meta({ description: 'Most expensive first' }),
  total: z.object(totalsShape),
});

/** `GET /admin/usage`: a month's model tokens and cost by channel, cost centre or model (chargeback). */
export function usageEndpoints(readUsage: ReadUsageReport, now: () => Date): Endpoint<AuditActor>[] {
  return [
    {
      method: 'GET',
      pattern: 'usage',
      handle: async (request, _params, actor) => {
        const query = parse(usageQuerySchema, searchParams(request));
        if (!query.ok) {
          return query.response;
        }
        const month = query.value.month ?? usageMonthOf(now());
        return outcomeResponse(await readUsage({ actor, month, by: query.value.by }));
      },
    },
  ];
}
