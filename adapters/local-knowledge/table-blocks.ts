export interface TableBlock {
  /** Headings the block adds below the surrounding heading path (row group, row label). */
  readonly labels: readonly string[];
  readonly text: string;
}

/** A table this short reads best whole; longer ones are cut per row so each row can be found alone. */
const COMPACT_TABLE_CHARS = 800;

/**
 * Turns a table (first row the header) into readable blocks. A cell read alone means little, so
 * each cell is written with its column header ("Senior (L3): Owns features end to end"), and each
 * row of a long table is labelled by its first cell. A row with only its first cell filled is a
 * group label for the rows under it, as in a skills matrix.
 */
export function tableToBlocks(rows: readonly (readonly string[])[]): TableBlock[] {
  const [header = [], ...body] = rows;
  const groups: { group: string | undefined; row: readonly string[] }[] = [];
  let group: string | undefined;
  for (const row of body) {
    const filled = row.filter((cell) => cell.length > 0);
    if (filled.length === 0) {
      continue;
    }
    if (filled.length === 1 && (row[0] ?? '').length > 0 && row.length > 1) {
      group = row[0];
      continue;
    }
    groups.push({ group, row });
  }
  if (groups.length === 0) {
    const text = header.filter((cell) => cell.length > 0).join('; ');
    return text.length > 0 ? [{ labels: [], text }] : [];
  }

  const compact = groups.map(({ group: rowGroup, row }) => {
    const cells = labelledCells(header, row);
    // A first cell read alone ("C") needs its column's name ("class C") to match a question.
    const first = cells.length > 0 ? namedFirstCell(header, row) : row[0];
    const label = [rowGroup, first].filter((part) => part !== undefined && part.length > 0).join(', ');
    if (cells.length === 0) {
      return label;
    }
    return label.length > 0 ? `${label}: ${cells.join('; ')}` : cells.join('; ');
  });
  const compactLength = compact.reduce((sum, line) => sum + line.length + 1, 0);
  if (compactLength <= COMPACT_TABLE_CHARS) {
    return [{ labels: [], text: compact.join('\n') }];
  }
  return groups.map(({ group: rowGroup, row }) => {
    const cells = labelledCells(header, row);
    const rowLabel = cells.length > 0 ? row[0] : undefined;
    return {
      labels: [rowGroup, rowLabel].filter((part): part is string => part !== undefined && part.length > 0),
      text: cells.length > 0 ? cells.join('\n') : (row[0] ?? ''),
    };
  });
}

function namedFirstCell(header: readonly string[], row: readonly string[]): string | undefined {
  const name = header[0] ?? '';
  const value = row[0] ?? '';
  return name.length > 0 && value.length > 0 ? `${name} ${value}` : row[0];
}

function labelledCells(header: readonly string[], row: readonly string[]): string[] {
  const cells: string[] = [];
  row.forEach((cell, column) => {
    if (column === 0 || cell.length === 0) {
      return;
    }
    const heading = header[column] ?? '';
    cells.push(heading.length > 0 ? `${heading}: ${cell}` : cell);
  });
  return cells;
}
