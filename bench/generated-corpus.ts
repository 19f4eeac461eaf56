import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * The employee handbook kept beside the repository (not in it: its licence does not allow that),
 * looked for next to the checkout and one level further up, where worktrees sit.
 */
export function handbookDir(): string {
  const candidates = ['../../shared/corpus/handbook', '../../../shared/corpus/handbook'].map((relative) =>
    resolve(import.meta.dirname, relative),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(`no handbook corpus at ${candidates.join(' or ')}`);
  }
  return found;
}

/** Small, fast, seedable PRNG (mulberry32): the same seed always writes the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every word of the source folder's Markdown, repeats kept: drawing from it keeps the word frequencies. */
async function vocabularyOf(dir: string): Promise<string[]> {
  const words: string[] = [];
  for (const name of (await readdir(dir)).filter((file) => file.endsWith('.md')).sort()) {
    const text = await readFile(join(dir, name), 'utf8');
    words.push(...(text.match(/[\p{L}][\p{L}'’-]*/gu) ?? []));
  }
  if (words.length === 0) {
    throw new Error(`no words to draw from in ${dir}`);
  }
  return words;
}

export interface GeneratedCorpus {
  readonly files: number;
  readonly bytes: number;
}

/**
 * Writes a Markdown corpus of about `targetBytes` into `outDir`, drawn deterministically from
 * the words of `sourceDir`: documents with a title, sections and sub-sections, paragraphs of
 * sentences and some lists, so chunking and indexing see the shapes real handbooks have.
 */
export async function generateCorpus(
  sourceDir: string,
  outDir: string,
  targetBytes: number,
  seed = 42,
): Promise<GeneratedCorpus> {
  const words = await vocabularyOf(sourceDir);
  const next = random(seed);
  const pick = (): string => words[Math.floor(next() * words.length)] ?? 'policy';
  const phrase = (min: number, max: number): string =>
    Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, pick).join(' ');
  const sentence = (): string => {
    const text = phrase(6, 22);
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = (): string => Array.from({ length: 2 + Math.floor(next() * 5) }, sentence).join(' ');

  await mkdir(outDir, { recursive: true });
  let bytes = 0;
  let files = 0;
  while (bytes < targetBytes) {
    const lines = [`# ${phrase(2, 5)}`, ''];
    for (let section = 0; section < 3 + Math.floor(next() * 4); section += 1) {
      lines.push(`## ${phrase(1, 4)}`, '', paragraph(), '');
      for (let sub = 0; sub < Math.floor(next() * 3); sub += 1) {
        lines.push(`### ${phrase(1, 4)}`, '', paragraph(), '');
        if (next() < 0.3) {
          lines.push(...Array.from({ length: 3 + Math.floor(next() * 4) }, () => `* ${phrase(3, 10)}`), '');
        }
      }
    }
    const text = lines.join('\n');
    await writeFile(join(outDir, `document-${String(files).padStart(4, '0')}.md`), text);
    bytes += Buffer.byteLength(text);
    files += 1;
  }
  return { files, bytes };
}
