import type { RecordedCall } from './fake-slack.js';

type Json = Readonly<Record<string, unknown>>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null ? (value as Json) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** Every piece of text a card's blocks show (headers, sections, fields, context, rich text), in order. */
export function cardText(blocks: readonly unknown[]): string {
  return blocks.flatMap(blockTexts).join('\n');
}

/** The card text of a recorded chat.postMessage or chat.update. */
export function cardTextOf(call: RecordedCall | undefined): string {
  return cardText(list(call?.args.blocks));
}

/** The card's header line. */
export function cardHeaderOf(call: RecordedCall | undefined): string {
  const header = list(call?.args.blocks)
    .map(record)
    .find((block) => block.type === 'header');
  return str(record(header?.text).text);
}

export interface CardButtonElement {
  readonly actionId: string;
  readonly value: string;
  readonly text: string;
  readonly style?: string;
  readonly confirm?: Json;
}

export function cardButtons(blocks: readonly unknown[]): CardButtonElement[] {
  return blocks
    .map(record)
    .filter((block) => block.type === 'actions')
    .flatMap((block) => list(block.elements).map(record))
    .map((element) => ({
      actionId: str(element.action_id),
      value: str(element.value),
      text: str(record(element.text).text),
      ...(typeof element.style === 'string' ? { style: element.style } : {}),
      ...(element.confirm !== undefined ? { confirm: record(element.confirm) } : {}),
    }));
}

export function cardButtonsOf(call: RecordedCall | undefined): CardButtonElement[] {
  return cardButtons(list(call?.args.blocks));
}

function blockTexts(raw: unknown): string[] {
  const block = record(raw);
  const texts: string[] = [];
  const text = record(block.text).text;
  if (typeof text === 'string') {
    texts.push(text);
  }
  for (const field of list(block.fields)) {
    texts.push(str(record(field).text));
  }
  if (block.type === 'context') {
    texts.push(...list(block.elements).map((element) => str(record(element).text)));
  }
  if (block.type === 'rich_text') {
    texts.push(...list(block.elements).map(richText));
  }
  return texts;
}

function richText(raw: unknown): string {
  const element = record(raw);
  if (element.type === 'text') {
    return str(element.text);
  }
  const children = list(element.elements).map(richText);
  return element.type === 'rich_text_list' ? children.join('\n') : children.join('');
}
