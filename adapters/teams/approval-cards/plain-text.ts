/*
 * Text people wrote (reasons, names, parameter values, conversation excerpts) goes on cards as
 * TextRuns of a RichTextBlock: Teams does not read Markdown there, so `*bold*`, a [link](...) or
 * an underscore is shown exactly as written. Approvers must see exactly what will run, and a
 * reason must not be able to dress itself up as a link or a heading.
 */

export type Element = Readonly<Record<string, unknown>>;

export interface RunStyle {
  readonly weight?: 'Bolder';
  readonly fontType?: 'Monospace';
  readonly isSubtle?: boolean;
  readonly size?: 'Small' | 'Medium';
  readonly color?: 'Good' | 'Warning' | 'Attention' | 'Accent';
  readonly italic?: boolean;
  /** Opens this address when the run is selected (sources with a web address). */
  readonly url?: string;
}

export function run(text: string, style: RunStyle = {}): Element {
  const { url, ...rest } = style;
  return {
    type: 'TextRun',
    text,
    ...rest,
    ...(url !== undefined ? { selectAction: { type: 'Action.OpenUrl', url } } : {}),
  };
}

/** One paragraph of runs. */
export function paragraph(
  runs: readonly Element[],
  options: { readonly spacing?: 'None' | 'Small' | 'Medium'; readonly separator?: boolean } = {},
): Element {
  return { type: 'RichTextBlock', inlines: runs, ...options };
}

/** `Label: value`, the value shown exactly as written. */
export function labelled(label: string, value: string, valueStyle: RunStyle = {}): Element {
  return paragraph([run(`${label}: `, { weight: 'Bolder' }), run(value, valueStyle)], { spacing: 'Small' });
}

/** A heading of Steward's own words (never people's text), so Markdown is harmless here. */
export function heading(text: string): Element {
  return { type: 'TextBlock', text, weight: 'Bolder', wrap: true, spacing: 'Medium', separator: true };
}

export function cut(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(0, maxChars - 1)).trimEnd()}…`;
}
