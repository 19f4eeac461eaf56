import type { ApprovalCardView } from '../approval-rules/approval-card.js';
import type { Citation } from './types.js';

/**
 * Who should see a notice or error: everyone in the conversation (the default), or only the
 * person who wrote (a refusal such as "you are not allowed here"). Platforms without private
 * messages in a conversation show it to everyone.
 */
export type ReplyAudience = 'conversation' | 'author';

/** What the core asks an adapter to show; each adapter renders it in its platform's format. */
export type Reply =
  | {
      readonly kind: 'answer';
      readonly text: string;
      readonly citations: readonly Citation[];
      readonly found: boolean;
      /** Lets feedback buttons point back at the stored turn. */
      readonly turnId: string;
    }
  | { readonly kind: 'notice'; readonly text: string; readonly audience?: ReplyAudience }
  | {
      readonly kind: 'error';
      readonly text: string;
      /** Appears in the logs next to the full error, so support can find it. */
      readonly referenceId: string;
      readonly audience?: ReplyAudience;
    }
  /**
   * The use case already posted this approval card in the thread (through ApprovalCardMessenger,
   * so it can be updated later): send nothing more. The card is here for logs and text-only hosts.
   */
  | { readonly kind: 'card-posted'; readonly card: ApprovalCardView }
  /** A retry or duplicate delivery of a message already handled: send nothing. */
  | { readonly kind: 'duplicate' };
