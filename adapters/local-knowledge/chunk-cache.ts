import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ChunkingOptions } from './chunk-document.js';
import type { Chunk } from './document-model.js';

/**
 * The chunks of every file of a knowledge folder, kept on disk between runs so that a restart
 * parses only the files whose bytes changed. One file per knowledge folder, written whole
 * (to a temporary name, then renamed) so a reader never sees half of one.
 *
 * Chunks depend on the bytes of the file and on the code that reads and cuts them, so entries
 * are keyed by the file's SHA-256 and the cache as a whole by a fingerprint of that code: this
 * folder's source files, the versions of the parsing packages, the Unicode version (tokenising
 * follows its letter classes), the chunking options and the cache's own format. Any change there
 * makes the whole cache stale.
 */
export interface CachedFile {
  readonly path: string;
  readonly hash: string;
  readonly chunks: readonly Chunk[];
}

/** Bump when the layout of the cache file changes. */
const CACHE_FORMAT = 1;

interface CacheFileContents {
  readonly format: number;
  readonly fingerprint: string;
  readonly dir: string;
  readonly files: readonly StoredFile[];
}

/** Chunk ids, sources and titles repeat per file; only what differs per chunk is stored. */
interface StoredFile {
  readonly path: string;
  readonly hash: string;
  readonly title: string;
  readonly chunks: readonly { readonly headingPath: readonly string[]; readonly text: string }[];
}

export class ChunkCache {
  private readonly file: string;

  private constructor(
    private readonly cacheDir: string,
    private readonly dir: string,
    private readonly fingerprint: string,
  ) {
    this.file = join(cacheDir, `${createHash('sha256').update(dir).digest('hex').slice(0, 24)}.json`);
  }

  static async open(cacheDir: string, dir: string, chunking: ChunkingOptions): Promise<ChunkCache> {
    return new ChunkCache(cacheDir, dir, await codeFingerprint(chunking));
  }

  get location(): string {
    return this.file;
  }

  /**
   * The cached files by path; empty when there is no cache yet or it was written by other code.
   * A cache that cannot be read or makes no sense throws: the caller warns and goes on without it.
   */
  async load(): Promise<Map<string, CachedFile>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return new Map();
      }
      throw error;
    }
    const contents = JSON.parse(text) as unknown;
    if (!isCacheFile(contents)) {
      throw new Error('the cache file is not in the expected shape');
    }
    if (
      contents.format !== CACHE_FORMAT ||
      contents.fingerprint !== this.fingerprint ||
      contents.dir !== this.dir
    ) {
      return new Map();
    }
    return new Map(
      contents.files.map((file) => [
        file.path,
        {
          path: file.path,
          hash: file.hash,
          chunks: file.chunks.map((chunk, index) => ({
            id: `${file.path}#${index}`,
            source: file.path,
            title: file.title,
            headingPath: chunk.headingPath,
            text: chunk.text,
          })),
        },
      ]),
    );
  }

  async save(files: Iterable<CachedFile>): Promise<void> {
    const contents: CacheFileContents = {
      format: CACHE_FORMAT,
      fingerprint: this.fingerprint,
      dir: this.dir,
      files: [...files].map((file) => ({
        path: file.path,
        hash: file.hash,
        title: file.chunks[0]?.title ?? '',
        chunks: file.chunks.map((chunk) => ({ headingPath: chunk.headingPath, text: chunk.text })),
      })),
    };
    await mkdir(this.cacheDir, { recursive: true });
    const temporary = `${this.file}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(contents));
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

function isCacheFile(value: unknown): value is CacheFileContents {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Partial<Record<keyof CacheFileContents, unknown>>;
  return (
    typeof candidate.format === 'number' &&
    typeof candidate.fingerprint === 'string' &&
    typeof candidate.dir === 'string' &&
    Array.isArray(candidate.files) &&
    candidate.files.every(isStoredFile)
  );
}

function isStoredFile(value: unknown): value is StoredFile {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const file = value as Partial<Record<keyof StoredFile, unknown>>;
  return (
    typeof file.path === 'string' &&
    typeof file.hash === 'string' &&
    typeof file.title === 'string' &&
    Array.isArray(file.chunks) &&
    file.chunks.every(
      (chunk: unknown) =>
        typeof chunk === 'object' &&
        chunk !== null &&
        typeof (chunk as { text?: unknown }).text === 'string' &&
        Array.isArray((chunk as { headingPath?: unknown }).headingPath) &&
        (chunk as { headingPath: unknown[] }).headingPath.every((heading) => typeof heading === 'string'),
    )
  );
}

let moduleSources: Promise<string> | undefined;

/**
 * What the chunks were made by. The source files of this folder stand for the parsers, chunker
 * and text analysis (a deployment runs the compiled files, which change with them); hashing them
 * is cheaper than trusting anyone to remember to bump a version.
 */
export async function codeFingerprint(chunking: ChunkingOptions): Promise<string> {
  moduleSources ??= hashSourceFolder(import.meta.dirname);
  return createHash('sha256')
    .update(
      JSON.stringify({
        format: CACHE_FORMAT,
        sources: await moduleSources,
        parsers: await parserVersions(),
        // Tokenising follows Unicode's letter classes; sentence splitting, ICU's rules.
        unicode: process.versions.unicode,
        icu: process.versions.icu,
        chunking: { maxChars: chunking.maxChars, overlapChars: chunking.overlapChars },
      }),
    )
    .digest('hex');
}

/** The names and contents of a folder's source files (not its sub-folders), as one hash. */
export async function hashSourceFolder(folder: string): Promise<string> {
  const hash = createHash('sha256');
  const names = (await readdir(folder)).filter((name) => /\.(ts|js|mjs)$/.test(name)).sort();
  for (const name of names) {
    hash.update(name).update(await readFile(join(folder, name)));
  }
  return hash.digest('hex');
}

/** The packages that turn a file's bytes into text and structure: an upgrade may cut differently. */
const PARSING_PACKAGES = ['htmlparser2', 'mdast-util-from-markdown', 'micromark', 'unpdf'] as const;

/**
 * Each parsing package's installed version, found as Node finds the package (the nearest
 * `node_modules` above this file), so it works from the sources, a build and a production install.
 * A package that cannot be found counts as `unknown` rather than failing the ingest.
 */
export function parserVersions(): Promise<Record<string, string>> {
  return installedVersions(PARSING_PACKAGES);
}

export async function installedVersions(names: readonly string[]): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    versions[name] = (await installedVersion(name)) ?? 'unknown';
  }
  return versions;
}

async function installedVersion(name: string): Promise<string | undefined> {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(
        await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8'),
      ) as {
        version?: unknown;
      };
      return typeof manifest.version === 'string' ? manifest.version : undefined;
    } catch {
      // Not installed at this level: look one folder up, as Node's resolution does.
    }
    if (dirname(dir) === dir) {
      return undefined;
    }
  }
}
