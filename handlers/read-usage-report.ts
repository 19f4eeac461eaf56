import { type ReadUsageReport, usageReport } from '../src/budgets/usage-report.js';
import type { Logger } from '../src/logger.js';
import type { AuditLog } from '../src/ports/audit-log.js';
import type { UsageLedger } from '../src/ports/usage-ledger.js';
import type { AdminAuthority } from '../src/admin/admin-authority.js';
import { refuseNonAdmin } from './admin/admin-deps.js';

export interface ReadUsageReportDeps {
  readonly usage: UsageLedger;
  readonly authority: AdminAuthority;
  readonly audit: AuditLog;
  readonly logger: Logger;
}

/** A month's model usage for chargeback, for admins only (a refusal is audited like any other). */
export function createReadUsageReport(deps: ReadUsageReportDeps): ReadUsageReport {
  return async ({ actor, month, by }) => {
    const refusal = await refuseNonAdmin(deps, actor, 'usage.read');
    if (refusal !== undefined) {
      return { ok: false, refusal };
    }
    return { ok: true, value: usageReport(month, by, await deps.usage.monthDays(month)) };
  };
}
