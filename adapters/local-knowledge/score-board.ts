/**
 * Per-chunk numbers for one query, in typed arrays indexed by a chunk's slot: a query touches
 * thousands of chunks on a large corpus, and an object per chunk per term was most of its cost.
 */
export class ScoreBoard {
  private readonly values: Float64Array;
  private readonly isTouched: Uint8Array;
  private readonly touched: number[] = [];

  constructor(slots: number) {
    this.values = new Float64Array(slots);
    this.isTouched = new Uint8Array(slots);
  }

  get(slot: number): number {
    return this.values[slot] ?? 0;
  }

  set(slot: number, value: number): void {
    if (this.isTouched[slot] === 0) {
      this.isTouched[slot] = 1;
      this.touched.push(slot);
    }
    this.values[slot] = value;
  }

  add(slot: number, value: number): void {
    this.set(slot, this.get(slot) + value);
  }

  /** Slots given a value since the last reset, each once. */
  slots(): readonly number[] {
    return this.touched;
  }

  reset(): void {
    for (const slot of this.touched) {
      this.values[slot] = 0;
      this.isTouched[slot] = 0;
    }
    this.touched.length = 0;
  }
}

/** The `limit` highest-scoring entries, best first; ties keep the order of `order`. */
export function topScores<T>(
  entries: Iterable<T>,
  score: (entry: T) => number,
  limit: number,
  order: (a: T, b: T) => number,
): T[] {
  const top: T[] = [];
  const better = (a: T, b: T): boolean => score(a) > score(b) || (score(a) === score(b) && order(a, b) < 0);
  for (const entry of entries) {
    if (top.length === limit) {
      const last = top[top.length - 1];
      if (last === undefined || !better(entry, last)) {
        continue;
      }
      top.pop();
    }
    let index = top.length;
    while (index > 0 && better(entry, top[index - 1] as T)) {
      index -= 1;
    }
    top.splice(index, 0, entry);
  }
  return top;
}
