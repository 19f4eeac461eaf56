import { z } from 'zod';
import type { AuditActor } from '../../src/ports/audit-log.js';

const platformSchema = z.enum(['slack', 'teams', 'cli']);

/** How an AuditActor is stored inside other items (who last changed a setting, who added an admin). */
export const actorAttributeSchema = z.object({
  kind: z.enum(['user', 'admin-api', 'cli', 'system']),
  id: z.string(),
  platform: platformSchema.optional(),
});

export function toActorAttribute(actor: AuditActor): Record<string, string> {
  return {
    kind: actor.kind,
    id: actor.id,
    ...(actor.platform !== undefined ? { platform: actor.platform } : {}),
  };
}

export function fromActorAttribute(attribute: z.output<typeof actorAttributeSchema>): AuditActor {
  return attribute.platform === undefined
    ? { kind: attribute.kind, id: attribute.id }
    : { kind: attribute.kind, id: attribute.id, platform: attribute.platform };
}
