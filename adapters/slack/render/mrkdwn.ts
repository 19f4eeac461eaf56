import slackifyMarkdown from 'slackify-markdown';
import type { Citation } from '../../../src/conversation/types.js';

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Markdown (as the core and the models write it) to Slack mrkdwn. Numbered markers such as [2]
 * become links to the cited source when it has a URL. Text that would notify people (`<!here>`,
 * `<!channel>`, `<@U...>`, `<!subteam^...>`) is shown literally instead: answers quote documents
 * and model output, and neither may ping a channel.
 */
export function markdownToMrkdwn(markdown: string, citations: readonly Citation[] = []): string {
  const linked = linkCitationMarkers(defuseSlackReferences(markdown), citations);
  return escapeCodeBlocks(slackifyMarkdown(linked).trimEnd());
}

/** Slack-escapes plain text (a title, a file name) for use inside mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Outside code, every `<` that does not open a web or mail autolink becomes `&lt;`, so the
 * converter treats it as text: raw HTML-like `<someone>` would otherwise pass through and Slack
 * would read it as a reference. Before `@`, `#` or `!` a zero-width space is added as well,
 * because the converter deliberately leaves `<@...` and `<#...` unescaped.
 */
function defuseSlackReferences(markdown: string): string {
  return markdown
    .split(/(```[\s\S]*?(?:```|$)|`[^`\n]+`)/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(/<(?!(?:https?:\/\/|mailto:)[^>\s]*>)(?=([@#!])?)/g, (_, sigil?: string) =>
            sigil ? `&lt;${ZERO_WIDTH_SPACE}` : '&lt;',
          ),
    )
    .join('');
}

/**
 * The converter leaves code verbatim, but Slack still reads `<...>` inside code as references,
 * so HTML, generics or a `<placeholder>` in code would vanish or turn into links.
 */
function escapeCodeBlocks(mrkdwn: string): string {
  // One pass over blocks and spans, so a span inside a block is not escaped twice.
  return mrkdwn.replace(/```\n([\s\S]*?)\n```|(?<!`)`([^`\n]+)`(?!`)/g, (_, block?: string, span?: string) =>
    block !== undefined ? `\`\`\`\n${escapeMrkdwn(block)}\n\`\`\`` : `\`${escapeMrkdwn(span ?? '')}\``,
  );
}

function linkCitationMarkers(markdown: string, citations: readonly Citation[]): string {
  const urls = new Map(
    citations.filter((c) => c.url !== undefined && isWebUrl(c.url)).map((c) => [c.index, c.url]),
  );
  if (urls.size === 0) {
    return markdown;
  }
  // Only bare markers: not one already inside a link ("[1](...)") or a reference ("[1][x]").
  return markdown.replace(/\[(\d{1,3})\](?![([])/g, (marker, digits: string) => {
    const url = urls.get(Number(digits));
    return url ? `[\\[${digits}\\]](${url})` : marker;
  });
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
