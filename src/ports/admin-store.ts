import type { AdminRef } from '../admin/admin-ref.js';
import type { AuditActor } from './audit-log.js';

export interface StoredAdmin {
  readonly admin: AdminRef;
  readonly addedAt: Date;
  readonly addedBy: AuditActor;
}

/**
 * Admins added by other admins (those named in ADMIN_USERS are configuration, not stored).
 * Membership is read at the moment an admin action is attempted, so a removal counts at once.
 */
export interface AdminStore {
  isAdmin(admin: AdminRef): Promise<boolean>;
  /** Ordered by platform, then user id. */
  list(): Promise<readonly StoredAdmin[]>;
  /** False when the person was already an admin (nothing changes). */
  add(admin: AdminRef, addedBy: AuditActor): Promise<boolean>;
  /** False when the person was not a stored admin. */
  remove(admin: AdminRef): Promise<boolean>;
}
