import type { AdminStore } from '../ports/admin-store.js';
import type { AuditActor } from '../ports/audit-log.js';
import type { Platform } from '../conversation/types.js';
import { type AdminRef, sameAdmin } from './admin-ref.js';

/**
 * Decides who may administer. Holders of the admin API token and operators at the command line
 * are trusted by how they got in; chat users are admins when ADMIN_USERS names them or another
 * admin added them (asked at the moment, so a removal counts at once). A person of another
 * organisation never is, even if listed: their id would be listed only by mistake.
 */
export class AdminAuthority {
  constructor(
    private readonly bootstrapAdmins: readonly AdminRef[],
    private readonly store: AdminStore,
  ) {}

  async isAdmin(actor: AuditActor): Promise<boolean> {
    switch (actor.kind) {
      case 'admin-api':
      case 'cli':
        return true;
      case 'system':
        return false;
      case 'user': {
        if (actor.organisation === 'external') {
          return false;
        }
        const ref = adminRefOf(actor);
        return ref !== undefined && (this.isConfigured(ref) || (await this.store.isAdmin(ref)));
      }
    }
  }

  /** Named in ADMIN_USERS: cannot be removed except by changing the configuration. */
  isConfigured(ref: AdminRef): boolean {
    return this.bootstrapAdmins.some((admin) => sameAdmin(admin, ref));
  }

  configured(): readonly AdminRef[] {
    return this.bootstrapAdmins;
  }

  /** Every admin of one platform: those in ADMIN_USERS, then those added, each once. */
  async adminsOf(platform: Platform): Promise<readonly AdminRef[]> {
    const all = [...this.bootstrapAdmins, ...(await this.store.list()).map((stored) => stored.admin)];
    return all.filter(
      (admin, index) => admin.platform === platform && all.findIndex((other) => sameAdmin(other, admin)) === index,
    );
  }
}

/** The admin identity of a chat user; Teams object ids compare case-insensitively. */
export function adminRefOf(actor: AuditActor): AdminRef | undefined {
  if (actor.kind !== 'user') {
    return undefined;
  }
  if (actor.platform === 'slack') {
    return { platform: 'slack', userId: actor.id };
  }
  if (actor.platform === 'teams') {
    return { platform: 'teams', userId: actor.id.toLowerCase() };
  }
  return undefined;
}
