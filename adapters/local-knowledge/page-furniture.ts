/**
 * Removes what a printed or paginated text repeats on every page rather than says: form feeds,
 * page numbers, and running headers and footers. Left in, "Page 12" and a repeated document name
 * split paragraphs in two and add the same words to every chunk.
 */
export function withoutPageFurniture(source: string): string {
  const pages = source.replace(/\r\n?/g, '\n').split('\f');
  if (pages.length < 2) {
    return pages[0] ?? '';
  }
  const edgeLines = pages.map((page) => edges(page.split('\n')));
  // A line (digits aside) at the top or bottom of at least half the pages is a running header or footer.
  const counts = new Map<string, number>();
  for (const lines of edgeLines) {
    for (const key of new Set(lines.map(({ text }) => furnitureKey(text)))) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const repeated = (text: string) => (counts.get(furnitureKey(text)) ?? 0) >= Math.max(2, pages.length / 2);
  return pages
    .map((page, pageIndex) => {
      const lines = page.split('\n');
      const drop = new Set(
        (edgeLines[pageIndex] ?? [])
          .filter(({ text }) => isPageNumber(text) || repeated(text))
          .map(({ index }) => index),
      );
      return lines.filter((_, index) => !drop.has(index)).join('\n');
    })
    .join('\n\n');
}

/** The first and last two non-blank lines of a page, where headers, footers and numbers sit. */
function edges(lines: readonly string[]): { index: number; text: string }[] {
  const filled = lines.flatMap((text, index) =>
    text.trim().length > 0 ? [{ index, text: text.trim() }] : [],
  );
  const picked = [...filled.slice(0, 2), ...filled.slice(-2)];
  return [...new Map(picked.map((line) => [line.index, line])).values()];
}

function furnitureKey(text: string): string {
  return text.replace(/\d+/g, '#').replace(/\s+/g, ' ').toLowerCase();
}

/** "12", "- 12 -", "Page 12", "Page 12 of 40", "[12]", "xii". */
function isPageNumber(text: string): boolean {
  return (
    /^[-–—[(]?\s*(page\s+)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?\s*[-–—\])]?$/i.test(text) ||
    /^(page\s+)?[ivxlc]{1,7}$/i.test(text)
  );
}
