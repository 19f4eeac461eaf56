import { approvalIdOfValue } from '../card-signing.js';
/** Reading the approval cards Steward sends to Teams, as a person and as the Teams client would. */

type Element = Readonly<Record<string, unknown>>;

export interface ApprovalButton {
  readonly type: string;
  readonly title: string;
  readonly verb?: string;
  readonly data?: Record<string, unknown>;
  readonly style?: string;
  /** For Action.ShowCard: the panel it opens. */
  readonly card?: { readonly body: Element[]; readonly actions: ApprovalButton[] };
}

export interface ApprovalAdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly body: Element[];
  readonly actions?: ApprovalButton[];
  readonly refresh?: {
    readonly action: { readonly type: string; readonly verb: string; readonly data: Record<string, unknown> };
    readonly userIds: string[];
  };
}

/** The card of a message body (as the connector recorded it). */
export function approvalCardIn(body: Record<string, unknown> | undefined): ApprovalAdaptiveCard {
  const attachments = body?.attachments as
    Array<{ contentType: string; content: ApprovalAdaptiveCard }> | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (card === undefined) {
    throw new Error(`no adaptive card in ${JSON.stringify(body).slice(0, 300)}`);
  }
  return card;
}

/** Every element in reading order, containers opened. */
function elements(items: readonly unknown[]): Element[] {
  return items.flatMap((item) => {
    const element = item as Element;
    return [element, ...(Array.isArray(element.items) ? elements(element.items as unknown[]) : [])];
  });
}

/** The lines a person reads: each TextBlock, and each RichTextBlock's runs joined. */
export function cardLines(card: { readonly body: readonly unknown[] }): string[] {
  return elements(card.body).flatMap((element) => {
    if (element.type === 'TextBlock') {
      return [String(element.text)];
    }
    if (element.type === 'RichTextBlock') {
      return [(element.inlines as Element[]).map((inline) => String(inline.text)).join('')];
    }
    return [];
  });
}

export function cardText(card: { readonly body: readonly unknown[] }): string {
  return cardLines(card).join('\n');
}

/** The buttons, with those inside a Show-card panel listed after the panel's own button. */
export function buttonsOf(card: ApprovalAdaptiveCard): ApprovalButton[] {
  return (card.actions ?? []).flatMap((action) => [action, ...(action.card?.actions ?? [])]);
}

/** What Teams sends when the button with `verb` is selected, the reason typed into the Reject panel included. */
export function clickData(
  card: ApprovalAdaptiveCard,
  verb: string,
  reason?: string,
): Record<string, unknown> {
  const button = buttonsOf(card).find((candidate) => candidate.verb === verb);
  if (button?.data === undefined) {
    throw new Error(
      `no ${verb} button on the card; it has ${buttonsOf(card)
        .map((b) => b.title)
        .join(', ')}`,
    );
  }
  return { ...(reason !== undefined ? { rejectReason: reason } : {}), ...button.data };
}

/** The proposal or request id a card's (signed) buttons carry. */
export function approvalIdOf(card: ApprovalAdaptiveCard): string {
  const value = buttonsOf(card).find((button) => typeof button.data?.approval === 'string')?.data?.approval;
  const id = approvalIdOfValue(value);
  if (id === '') {
    throw new Error('no signed approval button on the card');
  }
  return id;
}

/** The card's headline: its first line. */
export function headlineOf(card: { readonly body: readonly unknown[] }): string {
  return cardLines(card)[0] ?? '';
}
