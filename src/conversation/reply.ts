import type { ApprovalCardView } from '../approvals/approval-card.js';
import type { Citation } from './types.js';

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
  | { readonly kind: 'notice'; readonly text: string }
  | {
      readonly kind: 'error';
      readonly text: string;
      /** Appears in the logs next to the full error, so support can find it. */
      readonly referenceId: string;
    }
  /**
   * The use case already posted this approval card in the thread (through ApprovalCardMessenger,
   * so it can be updated later): send nothing more. The card is here for logs and text-only hosts.
   */
  | { readonly kind: 'card-posted'; readonly card: ApprovalCardView }
  /** A retry or duplicate delivery of a message already handled: send nothing. */
  | { readonly kind: 'duplicate' };
