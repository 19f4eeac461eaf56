import type { InboundMessage } from '../conversation/types.js';
import type { Person } from './approval-types.js';

/** The author of a message as the approval workflow knows people: platform, workspace, ids and name. */
export function personOf(message: InboundMessage): Person {
  const { author, ref } = message;
  return {
    platform: ref.platform,
    tenantId: ref.tenantId,
    userId: author.id,
    ...(author.name !== undefined ? { name: author.name } : {}),
    ...(author.directoryId !== undefined ? { directoryId: author.directoryId } : {}),
    ...(author.organisation !== undefined ? { organisation: author.organisation } : {}),
  };
}
