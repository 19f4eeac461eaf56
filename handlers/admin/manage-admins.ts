import { type AdminRef, adminRefStringSchema, formatAdminRef } from '../../src/admin/admin-ref.js';
import type { AdminList, AdminOutcome } from '../../src/admin/admin-use-cases.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import { type AdminUseCaseDeps, refuseNonAdmin } from './admin-deps.js';

export function createListAdmins(deps: AdminUseCaseDeps) {
  return async function listAdmins(actor: AuditActor): Promise<AdminOutcome<AdminList>> {
    const refusal = await refuseNonAdmin(deps, actor, 'admins.list');
    if (refusal) {
      return { ok: false, refusal };
    }
    return { ok: true, value: { configured: deps.authority.configured(), added: await deps.admins.list() } };
  };
}

/** An admin makes someone else an admin. */
export function createAddAdmin(deps: AdminUseCaseDeps) {
  return async function addAdmin(
    actor: AuditActor,
    written: string,
  ): Promise<AdminOutcome<{ readonly added: boolean }>> {
    const refusal = await refuseNonAdmin(deps, actor, 'admins.add');
    if (refusal) {
      return { ok: false, refusal };
    }
    const admin = parse(written);
    if (!admin.ok) {
      return admin;
    }
    if (deps.authority.isConfigured(admin.value)) {
      return { ok: true, value: { added: false } };
    }
    const added = await deps.admins.add(admin.value, actor);
    if (added) {
      await deps.audit.record({
        actor,
        action: 'admin.added',
        subjectId: formatAdminRef(admin.value),
        details: { admin: formatAdminRef(admin.value) },
      });
      deps.logger.info({ admin: formatAdminRef(admin.value), actor: actor.id }, 'admin added');
    }
    return { ok: true, value: { added } };
  };
}

/** An admin removes an admin that another admin added (those in ADMIN_USERS stay). */
export function createRemoveAdmin(deps: AdminUseCaseDeps) {
  return async function removeAdmin(
    actor: AuditActor,
    written: string,
  ): Promise<AdminOutcome<{ readonly removed: boolean }>> {
    const refusal = await refuseNonAdmin(deps, actor, 'admins.remove');
    if (refusal) {
      return { ok: false, refusal };
    }
    const admin = parse(written);
    if (!admin.ok) {
      return admin;
    }
    if (deps.authority.isConfigured(admin.value)) {
      const message = `${formatAdminRef(admin.value)} is an admin through ADMIN_USERS; remove them from that setting instead.`;
      return {
        ok: false,
        refusal: { code: 'INVALID', message, fields: [{ path: 'admin', setting: 'admin', message }] },
      };
    }
    if (!(await deps.admins.remove(admin.value))) {
      return {
        ok: false,
        refusal: { code: 'NOT_FOUND', message: `${formatAdminRef(admin.value)} is not an admin.` },
      };
    }
    await deps.audit.record({
      actor,
      action: 'admin.removed',
      subjectId: formatAdminRef(admin.value),
      details: { admin: formatAdminRef(admin.value) },
    });
    deps.logger.info({ admin: formatAdminRef(admin.value), actor: actor.id }, 'admin removed');
    return { ok: true, value: { removed: true } };
  };
}

function parse(written: string): AdminOutcome<AdminRef> {
  const parsed = adminRefStringSchema.safeParse(written);
  if (parsed.success) {
    return { ok: true, value: parsed.data };
  }
  const message = parsed.error.issues[0]?.message ?? 'not an admin reference';
  return {
    ok: false,
    refusal: { code: 'INVALID', message, fields: [{ path: 'admin', setting: 'admin', message }] },
  };
}
