import { z } from 'zod';
import type { AdminRef } from '../../src/admin/admin-ref.js';
import { StewardError } from '../../src/errors.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { StoredAdmin } from '../../src/ports/admin-store.js';
import { actorAttributeSchema, fromActorAttribute, toActorAttribute } from './actor-attribute.js';
import { ADMIN_SK, ADMINS_GSI_PK, GSI1, PARTITION_KEY, SORT_KEY, adminPk } from './table-design.js';

const itemSchema = z.object({
  platform: z.enum(['slack', 'teams']),
  userId: z.string(),
  addedAt: z.string(),
  addedBy: actorAttributeSchema,
});

/** Platform and user id are URI-encoded so the key cannot be forged by an id containing `#`. */
function adminKeyString(admin: AdminRef): string {
  return [admin.platform, admin.userId].map(encodeURIComponent).join('#');
}

export function adminKey(admin: AdminRef): Record<string, string> {
  return { [PARTITION_KEY]: adminPk(adminKeyString(admin)), [SORT_KEY]: ADMIN_SK };
}

export function toAdminItem(admin: AdminRef, addedAt: Date, addedBy: AuditActor): Record<string, unknown> {
  return {
    ...adminKey(admin),
    [GSI1.partitionKey]: ADMINS_GSI_PK,
    [GSI1.sortKey]: adminKeyString(admin),
    entity: 'admin',
    platform: admin.platform,
    userId: admin.userId,
    addedAt: addedAt.toISOString(),
    addedBy: toActorAttribute(addedBy),
  };
}

export function fromAdminItem(item: Record<string, unknown>): StoredAdmin {
  const parsed = itemSchema.safeParse(item);
  if (!parsed.success) {
    throw new StewardError('INTERNAL', `Malformed admin item ${String(item[PARTITION_KEY])} in DynamoDB`, {
      cause: parsed.error,
    });
  }
  const admin: AdminRef = { platform: parsed.data.platform, userId: parsed.data.userId };
  return { admin, addedAt: new Date(parsed.data.addedAt), addedBy: fromActorAttribute(parsed.data.addedBy) };
}
