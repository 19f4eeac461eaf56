import type { InboundActivity } from './activity-schema.js';

/**
 * The sender's Microsoft Entra object id, the id admins and access lists name people by. Teams
 * sets it on every activity from a person; other channels (the Emulator, Web Chat, Direct Line)
 * carry whatever their client wrote, so it is believed only from Teams itself.
 */
export function entraObjectIdOf(activity: Pick<InboundActivity, 'channelId' | 'from'>): string | undefined {
  if (activity.channelId !== 'msteams') {
    return undefined;
  }
  const objectId = activity.from.aadObjectId?.trim();
  return objectId === undefined || objectId === '' ? undefined : objectId;
}
