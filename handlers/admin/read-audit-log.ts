import type { AdminOutcome } from '../../src/admin/admin-use-cases.js';
import { UserFacingError } from '../../src/errors.js';
import type { AuditActor, AuditPage, AuditQuery } from '../../src/ports/audit-log.js';
import { type AdminUseCaseDeps, refuseNonAdmin } from './admin-deps.js';

/** An admin reads the audit trail (one channel or all, a time range, an action prefix, page by page). */
export function createReadAuditLog(deps: AdminUseCaseDeps) {
  return async function readAuditLog(actor: AuditActor, query: AuditQuery): Promise<AdminOutcome<AuditPage>> {
    const refusal = await refuseNonAdmin(deps, actor, 'audit.read', query.channel);
    if (refusal) {
      return { ok: false, refusal };
    }
    try {
      return { ok: true, value: await deps.audit.list(query) };
    } catch (error) {
      // A range the log cannot serve, or a cursor it never handed out.
      if (error instanceof UserFacingError) {
        const field = /cursor/i.test(error.message) ? 'cursor' : 'from';
        return {
          ok: false,
          refusal: {
            code: 'INVALID',
            message: error.message,
            fields: [{ path: field, setting: field, message: error.message }],
          },
        };
      }
      throw error;
    }
  };
}
