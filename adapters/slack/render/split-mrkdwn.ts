const FENCE = '```';
/** Room kept in each piece for closing a code block that continues in the next one. */
const FENCE_RESERVE = FENCE.length + 1;

/**
 * Cuts mrkdwn into pieces of at most `limit` characters, preferring paragraph breaks, then line
 * breaks, then spaces. A cut never lands inside a `<link|label>` or a surrogate pair, and a code
 * block that spans a cut is closed at the end of one piece and reopened at the start of the next,
 * so every piece renders on its own.
 */
export function splitMrkdwn(text: string, limit: number): string[] {
  if (limit <= FENCE_RESERVE * 2 + 1) {
    throw new RangeError(`limit ${limit} is too small to split mrkdwn`);
  }
  const pieces: string[] = [];
  let rest = text.trim();
  let reopenFence = false;
  while (rest.length > 0) {
    const prefix: string = reopenFence ? `${FENCE}\n` : '';
    const room = limit - prefix.length;
    if (rest.length <= room) {
      pieces.push(prefix + rest);
      break;
    }
    const cut = chooseCut(rest, room - FENCE_RESERVE);
    let piece: string = prefix + rest.slice(0, cut).trimEnd();
    const insideFence: boolean = countFences(piece) % 2 === 1;
    if (insideFence) {
      piece += `\n${FENCE}`;
    }
    pieces.push(piece);
    rest = rest
      .slice(cut)
      .replace(/^\s*\n/, '')
      .replace(/^ +/, '');
    reopenFence = insideFence;
  }
  return pieces;
}

function chooseCut(text: string, window: number): number {
  const head = text.slice(0, window + 1);
  const floor = Math.floor(window / 2);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = head.lastIndexOf(separator, window);
    if (at >= floor) {
      return outsideLink(text, at);
    }
  }
  return outsideLink(text, safeIndex(text, window));
}

/** Moves a cut that would split `<url|label>` or an entity such as `&amp;` to just before it. */
function outsideLink(text: string, cut: number): number {
  const open = text.lastIndexOf('<', cut - 1);
  if (open > 0 && text.indexOf('>', open) >= cut) {
    return open;
  }
  const entity = /&[a-z]{0,4}$/.exec(text.slice(Math.max(0, cut - 5), cut));
  if (entity && cut - entity[0].length > 0) {
    return cut - entity[0].length;
  }
  return cut;
}

function safeIndex(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  const isHighSurrogate = code >= 0xd800 && code <= 0xdbff;
  return isHighSurrogate ? index - 1 : index;
}

function countFences(text: string): number {
  return text.split(FENCE).length - 1;
}
