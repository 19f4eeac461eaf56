import type { ModalView } from '@slack/types';
import { plain } from '../render/view-blocks.js';

/** A modal with one message and a Close button: what replaces the form when it cannot be saved. */
export function noticeModal(mrkdwn: string): ModalView {
  return {
    type: 'modal',
    title: plain('Channel settings'),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } }],
  };
}
