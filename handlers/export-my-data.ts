import type { Handler } from '../src/conversation/dispatcher.js';
import type { PersonalDataRights } from '../src/privacy/personal-data-rights.js';
import { personOf } from './forget-me.js';

export const EXPORT_UNAVAILABLE =
  'Exporting what I keep about you is not set up on this service. Ask a Steward admin to do it for you.';

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
    return {
      kind: 'notice',
      text: ['Here is everything I keep about you, as JSON:', '', '```json', JSON.stringify(data, null, 2), '```'].join('\n'),
      audience: 'author',
    };
  };
}
