import type { ShowKnowledgeGaps } from '../../src/gaps/gap-report.js';
import { gapReportToJson } from '../../src/gaps/gap-report-json.js';
import type { ChannelScope } from '../../src/ports/knowledge-gap-index.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import { parse, searchParams } from './endpoints.js';
import { gapQuerySchema, parseGapTime } from './gap-schemas.js';
import { outcomeResponse } from './responses.js';
import type { Endpoint } from './route-table.js';

/** `GET /admin/gaps`: the knowledge-gap report of one channel, one workspace or every channel. */
export function gapEndpoints(showGaps: ShowKnowledgeGaps): Endpoint<AuditActor>[] {
  return [
    {
      method: 'GET',
      pattern: 'gaps',
      handle: async (request, _params, actor) => {
        const query = parse(gapQuerySchema, searchParams(request));
        if (!query.ok) {
          return query.response;
        }
        const { platform, tenantId, channelId, since, until } = query.value;
        const scope: ChannelScope =
          platform === undefined || tenantId === undefined
            ? { kind: 'all' }
            : channelId === undefined
              ? { kind: 'workspace', platform, tenantId }
              : { kind: 'channel', channel: { platform, tenantId, channelId } };
        const outcome = await showGaps({
          audience: 'channels',
          actor,
          scope,
          ...(since !== undefined ? { since: parseGapTime(since) } : {}),
          ...(until !== undefined ? { until: parseGapTime(until) } : {}),
        });
        return outcomeResponse(outcome, gapReportToJson);
      },
    },
  ];
}
