import type { AdminRef } from '../../src/admin/admin-ref.js';
import { systemClock, type Clock } from '../../src/clock.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { AdminStore, StoredAdmin } from '../../src/ports/admin-store.js';

/** A working AdminStore in memory, ordered like the DynamoDB one. */
export class InMemoryAdminStore implements AdminStore {
  private readonly admins = new Map<string, StoredAdmin>();

  constructor(private readonly clock: Clock = systemClock) {}

  isAdmin(admin: AdminRef): Promise<boolean> {
    return Promise.resolve(this.admins.has(keyOf(admin)));
  }

  list(): Promise<readonly StoredAdmin[]> {
    return Promise.resolve(
      [...this.admins.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, stored]) => structuredClone(stored)),
    );
  }

  add(admin: AdminRef, addedBy: AuditActor): Promise<boolean> {
    const key = keyOf(admin);
    if (this.admins.has(key)) {
      return Promise.resolve(false);
    }
    this.admins.set(key, {
      admin: { ...admin },
      addedAt: this.clock.now(),
      addedBy: structuredClone(addedBy),
    });
    return Promise.resolve(true);
  }

  remove(admin: AdminRef): Promise<boolean> {
    return Promise.resolve(this.admins.delete(keyOf(admin)));
  }
}

/** The DynamoDB store sorts by the encoded key, which for real ids is this order too. */
function keyOf(admin: AdminRef): string {
  return [admin.platform, admin.userId].map(encodeURIComponent).join('#');
}
