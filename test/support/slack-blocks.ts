import type { RecordedCall } from './fake-slack.js';

export interface Block {
  readonly type: string;
  readonly block_id?: string;
  readonly text?: { readonly type: string; readonly text: string };
  readonly elements?: readonly {
    readonly type?: string;
    readonly text?: unknown;
    readonly action_id?: string;
    readonly value?: string;
  }[];
}

export function blocksOf(call: RecordedCall | undefined): Block[] {
  return (call?.args.blocks ?? []) as Block[];
}

/** All visible text of a message: section texts and context elements, in order. */
export function visibleText(call: RecordedCall | undefined): string {
  return blocksOf(call)
    .flatMap((block) => [
      block.text?.text ?? '',
      ...(block.elements ?? []).map((element) => (typeof element.text === 'string' ? element.text : '')),
    ])
    .filter(Boolean)
    .join('\n');
}

export function buttonsOf(call: RecordedCall | undefined): { actionId: string; value: string }[] {
  return blocksOf(call)
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? [])
    .map((element) => ({ actionId: element.action_id ?? '', value: element.value ?? '' }));
}
