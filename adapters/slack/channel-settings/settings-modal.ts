import type { KnownBlock, ModalView } from '@slack/types';
import type { EditableChannelSettings } from '../../../src/admin/admin-use-cases.js';
import type { FilledForm } from '../../../src/admin/settings-form/form-values.js';
import { SLACK_IDS } from '../slack-ids.js';
import { note, plain } from '../render/view-blocks.js';
import { type BlockOptions, settingsBlocks, unshowable } from './settings-blocks.js';
import { changedBy, slackDate } from './settings-summary.js';

export type CatalogueAction = BlockOptions['catalogue'][number];

export interface SettingsModalInput extends BlockOptions {
  readonly editable: EditableChannelSettings;
  readonly form: FilledForm;
  /** Signed private_metadata (form-metadata.ts). */
  readonly metadata: string;
}

/** The channel settings modal, pre-filled with the channel's effective settings. */
export function settingsModal(input: SettingsModalInput): ModalView {
  return {
    type: 'modal',
    callback_id: SLACK_IDS.settingsView,
    private_metadata: input.metadata,
    title: plain('Channel settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [...introduction(input), ...settingsBlocks(input.form, input)],
  };
}

function introduction({ editable, form }: SettingsModalInput): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `How Steward behaves in <#${editable.channel.channelId}>. Saved changes apply at once.`,
      },
    },
    note(
      editable.configured && editable.updatedAt !== undefined && editable.updatedBy !== undefined
        ? `Last changed by ${changedBy(editable.updatedBy)} ${slackDate(editable.updatedAt)}.`
        : 'Nobody has configured this channel yet: these are the defaults.',
    ),
  ];
  const dropped = unshowable(form);
  if (dropped.length > 0) {
    blocks.push(
      note(
        `:warning: These stored values are not Slack people or channels, so they cannot be shown here and are removed when you save: ${dropped.map((id) => `\`${id}\``).join(', ')}.`,
      ),
    );
  }
  return blocks;
}
