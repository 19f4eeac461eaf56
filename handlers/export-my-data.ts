import type { Handler } from '../src/conversation/dispatcher.js';
import type { PersonalDataRights } from '../src/privacy/personal-data-rights.js';
import { personOf } from './forget-me.js';

export const EXPORT_UNAVAILABLE =
  'Exporting what I keep about you is not set up on this service. Ask a Steward admin to do it for you.';

/**
 * Chat messages have size limits (Teams about 28 KB, Slack a few dozen blocks): a larger export
 * is counted, and the person pointed to an admin, who exports it as a file.
 */
export const MAX_CHAT_EXPORT_CHARS = 20_000;

/** "export my data": everything stored about the person, as JSON, for their eyes only. */
export function createExportMyDataHandler(rights: PersonalDataRights | undefined): Handler {
  return async function exportMyData(message) {
    if (rights === undefined) {
      return { kind: 'notice', text: EXPORT_UNAVAILABLE, audience: 'author' };
    }
    const data = await rights.exportData(
      personOf(message),
      {
        kind: 'user',
        id: message.author.id,
        platform: message.ref.platform,
        ...(message.author.organisation === 'external' ? { organisation: 'external' as const } : {}),
      },
    );
    const json = JSON.stringify(data, null, 2);
    if (json.length > MAX_CHAT_EXPORT_CHARS) {
      return {
        kind: 'notice',
        text: `I keep ${data.turns.length} of your questions with their answers, ${data.feedback.length} ratings and ${data.auditRecords.length} audit records about you: too much to show in a chat message. A Steward admin can export it for you as a file.`,
        audience: 'author',
      };
    }
    return {
      kind: 'notice',
      text: ['Here is everything I keep about you, as JSON:', '', '```json', json, '```'].join('\n'),
      audience: 'author',
    };
  };
}
