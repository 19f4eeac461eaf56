import { stat } from 'node:fs/promises';
import type { FolderFile } from './list-folder.js';

/** A listed file with its size, asked for before any file is read. */
export interface SizedFile extends FolderFile {
  /** 0 when it could not be had; then `statError` says why. */
  readonly size: number;
  readonly statError?: unknown;
}

export async function sizeOf(file: FolderFile): Promise<SizedFile> {
  try {
    return { ...file, size: (await stat(file.absolutePath)).size };
  } catch (error) {
    return { ...file, size: 0, statError: error ?? new Error('stat failed') };
  }
}

/** `work` over every item, at most `limit` at once; results in the items' order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      const item = items[index] as T;
      results[index] = await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  return results;
}
