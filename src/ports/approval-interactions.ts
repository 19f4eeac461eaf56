import type { ApprovalCardView } from '../approval-rules/approval-card.js';
import type { Person } from '../approval-rules/approval-types.js';
import type { CardAction } from '../approval-rules/card-buttons.js';
import type { PostedMessage } from './chat-messenger.js';

/** A click on an approval card button, as a chat adapter received it. */
export interface ApprovalInteraction {
  /** From the button value (ApprovalValues.readButton). */
  readonly action: CardAction;
  /** Proposal or request id, from the button value. */
  readonly id: string;
  /** Who clicked, as the platform vouched for them. */
  readonly actor: Person;
  /** The card message that was clicked: its channel must be one the request was posted in. */
  readonly message: PostedMessage;
  /** The reason typed for a rejection. */
  readonly reason?: string;
  /**
   * The adapter shows the result's card on the clicked copy itself, for everyone, as soon as the
   * click is decided (Slack's chat.update). The card job then leaves that copy, at the version the
   * click made, to the click: one writer per copy and version. Absent when the click's answer is
   * private (Teams answers the invoke to the clicker alone), so the job redraws that copy too.
   */
  readonly redrawsClickedCard?: true;
  /**
   * The value had no signature: believed only for a record made before approval values were
   * signed (its cards may still carry such buttons), and then decided like any click.
   */
  readonly unsigned?: true;
}

/**
 * A click (or Teams refresh) whose value Steward did not sign, or signed for something else: the
 * value is not read at all, only where it was clicked and by whom, for the record.
 */
export interface ForgedClick {
  /** Who clicked, as the platform vouched for them. */
  readonly actor: Person;
  /** The card message clicked. */
  readonly message: PostedMessage;
  /** Why the value was refused (signature mismatch, unknown format...), for the log and audit. */
  readonly reason: string;
}

export interface InteractionResult {
  /** Whether the click changed anything. */
  readonly changed: boolean;
  /** The card as it now stands, for the clicked copy; absent for unknown or foreign ids. */
  readonly card?: ApprovalCardView;
  /** Shown to the clicker only ("you are not an approver for this"). */
  readonly notice?: string;
}

/**
 * The one entry point for approval card clicks (Approve, Reject with reason, Cancel, Confirm,
 * Dismiss, Request again) from every chat adapter. It decides from the stored record, never from
 * the payload, and answers what to show: the updated card and/or a private notice.
 */
export interface ApprovalInteractions {
  handle(interaction: ApprovalInteraction): Promise<InteractionResult>;
  /** Refuses a click whose value is not genuine: logged, audited, a private notice; nothing is read or changed. */
  refuseForged(click: ForgedClick): Promise<InteractionResult>;
}

/**
 * The card of a proposal or request as it stands now, for platforms that redraw a card whenever
 * someone looks at it (Teams Universal Actions `refresh`). Like a click, it is answered only for
 * a card in one of the request's channels; an id from elsewhere gives nothing.
 */
export interface ApprovalCardViews {
  /** `unsigned`: the id came without a signature, believed only for a card drawn before signing. */
  current(
    id: string,
    message: PostedMessage,
    options?: { readonly unsigned?: boolean },
  ): Promise<ApprovalCardView | undefined>;
}
