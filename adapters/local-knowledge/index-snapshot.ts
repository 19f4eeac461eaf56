import { createHash, randomUUID } from 'node:crypto';
import { endianness } from 'node:os';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ChunkIndexState } from './chunk-index.js';
import { codeFingerprint, hashSourceFolder, installedVersions } from './chunk-cache.js';
import type { ChunkingOptions } from './chunk-document.js';

/**
 * The whole search index of a knowledge folder, saved so that a restart over an unchanged folder
 * loads it instead of analysing every chunk again (the chunk cache already spares it the parsing).
 *
 * A snapshot is keyed by the content hash of every indexed file and by a fingerprint of the code
 * that builds an index: the chunk cache's (parsers, chunker), the text analysis, the search
 * library and this file's format. Sizes and modification times are not in the key: a SHA-256 of
 * the bytes already says whether a file changed, and times change on copies and checkouts.
 *
 * The file is one header and a body. The header (JSON) holds the fingerprint, the key and a
 * SHA-256 of the body, so a snapshot of other code or another folder is passed over unread and a
 * torn or damaged one is caught before anything is built from it. The body is the index state:
 * its typed arrays as raw bytes, everything else as one JSON document. What goes in is read off
 * the state object itself, so a field added to the state is saved without a change here.
 */

/** Bump when the layout of the file changes. */
const SNAPSHOT_FORMAT = 1;
const MAGIC = 'steward-index\n';
/** Typed arrays start on this boundary in the body, so they can be copied out as they are. */
const ALIGN = 8;
/** Temporary files of an interrupted write older than this are removed by the next write. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

/** Packages whose code shapes the index: the search library and the stemmer. */
const INDEXING_PACKAGES = ['minisearch', 'wink-porter2-stemmer'] as const;

export interface SnapshotKeyFile {
  readonly path: string;
  readonly hash: string;
}

interface SnapshotHeader {
  readonly format: number;
  readonly fingerprint: string;
  readonly key: string;
  readonly bodyBytes: number;
  readonly bodySha256: string;
  readonly sections: readonly SectionEntry[];
}

interface SectionEntry {
  /** Where the typed array goes in the state: property names from the top. */
  readonly path: readonly string[];
  readonly type: 'u32' | 'f64';
  readonly offset: number;
  readonly length: number;
}

/** Why a snapshot was not used: it does not fit (expected after a change) or it is damaged. */
export type SnapshotMiss = { readonly reason: 'absent' | 'other-code' | 'folder-changed' };

export class IndexSnapshot {
  readonly location: string;

  private constructor(
    private readonly dir: string,
    private readonly fingerprint: string,
    cacheDir: string,
  ) {
    this.location = join(cacheDir, `${createHash('sha256').update(dir).digest('hex').slice(0, 24)}.index`);
  }

  static async open(cacheDir: string, dir: string, chunking: ChunkingOptions): Promise<IndexSnapshot> {
    return new IndexSnapshot(dir, await indexFingerprint(chunking), cacheDir);
  }

  /** The key of an index of these files (in any order). */
  keyOf(files: Iterable<SnapshotKeyFile>): string {
    const entries = [...files].map(({ path, hash }) => [path, hash] as const);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return createHash('sha256').update(JSON.stringify({ dir: this.dir, files: entries })).digest('hex');
  }

  /** The file's bytes, or undefined when there is none. */
  async read(): Promise<Buffer | undefined> {
    try {
      return await readFile(this.location);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * The saved state when the bytes are a snapshot of this code for exactly this key; a miss when
   * they are of other code or another folder content. Throws when they are damaged.
   */
  decode(bytes: Buffer, key: string): ChunkIndexState | SnapshotMiss {
    const magic = Buffer.from(MAGIC);
    if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) {
      throw new Error('not an index snapshot');
    }
    const headerBytes = bytes.readUInt32LE(magic.length);
    const headerEnd = magic.length + 4 + headerBytes;
    if (headerEnd > bytes.length) {
      throw new Error('the snapshot header is cut short');
    }
    const header = JSON.parse(bytes.toString('utf8', magic.length + 4, headerEnd)) as SnapshotHeader;
    if (header.format !== SNAPSHOT_FORMAT || header.fingerprint !== this.fingerprint) {
      return { reason: 'other-code' };
    }
    if (header.key !== key) {
      return { reason: 'folder-changed' };
    }
    const bodyStart = alignUp(headerEnd);
    const body = bytes.subarray(bodyStart);
    if (body.length !== header.bodyBytes) {
      throw new Error(`the snapshot body has ${body.length} bytes, not ${header.bodyBytes}`);
    }
    if (createHash('sha256').update(body).digest('hex') !== header.bodySha256) {
      throw new Error('the snapshot body does not match its checksum');
    }
    return decodeBody(body, header.sections);
  }

  /** Writes the state under its key: whole, to a temporary name first, so a reader never sees half of it. */
  async save(key: string, state: ChunkIndexState): Promise<void> {
    const { body, sections } = encodeBody(state);
    const header: SnapshotHeader = {
      format: SNAPSHOT_FORMAT,
      fingerprint: this.fingerprint,
      key,
      bodyBytes: body.length,
      bodySha256: createHash('sha256').update(body).digest('hex'),
      sections,
    };
    const headerBytes = Buffer.from(JSON.stringify(header));
    const lead = Buffer.alloc(alignUp(MAGIC.length + 4 + headerBytes.length));
    lead.write(MAGIC, 0);
    lead.writeUInt32LE(headerBytes.length, MAGIC.length);
    headerBytes.copy(lead, MAGIC.length + 4);

    await removeAbandoned(this.location);
    const temporary = `${this.location}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, Buffer.concat([lead, body]));
      await rename(temporary, this.location);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

let textSources: Promise<string> | undefined;

async function indexFingerprint(chunking: ChunkingOptions): Promise<string> {
  // The text analysis (tokens, stop words, stems) lives with the rest of the core's text code.
  textSources ??= hashSourceFolder(join(import.meta.dirname, '../../src/text'));
  return createHash('sha256')
    .update(
      JSON.stringify({
        format: SNAPSHOT_FORMAT,
        chunks: await codeFingerprint(chunking),
        text: await textSources,
        packages: await installedVersions(INDEXING_PACKAGES),
        // Typed arrays are written as the machine holds them.
        endianness: endianness(),
      }),
    )
    .digest('hex');
}

type Leaf = Uint32Array | Float64Array;

function encodeBody(state: ChunkIndexState): { body: Buffer; sections: SectionEntry[] } {
  const sections: SectionEntry[] = [];
  const arrays: Leaf[] = [];
  let offset = 0;
  // Typed arrays are taken out of the state into sections; what is left is plain JSON.
  const strip = (value: unknown, path: readonly string[]): unknown => {
    if (value instanceof Uint32Array || value instanceof Float64Array) {
      sections.push({ path, type: value instanceof Uint32Array ? 'u32' : 'f64', offset, length: value.length });
      arrays.push(value);
      offset = alignUp(offset + value.byteLength);
      return undefined;
    }
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, strip(inner, [...path, name])]));
    }
    // JSON would quietly turn a Map, a Set or a typed array in a list into something else.
    const plain = (item: unknown) => typeof item !== 'object' || item === null || isPlainObject(item);
    if (Array.isArray(value) ? !value.every(plain) : !plain(value)) {
      throw new Error(`no snapshot layout for what is at ${path.join('.') || 'the top'}`);
    }
    return value;
  };
  const json = Buffer.from(JSON.stringify(strip(state, [])));
  const jsonStart = offset;
  const body = Buffer.alloc(jsonStart + json.length);
  arrays.forEach((array, index) => {
    const section = sections[index] as SectionEntry;
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(body, section.offset);
  });
  json.copy(body, jsonStart);
  return { body, sections };
}

function decodeBody(body: Buffer, sections: readonly SectionEntry[]): ChunkIndexState {
  const jsonStart = sections.reduce(
    (end, section) => Math.max(end, alignUp(section.offset + section.length * bytesPer(section.type))),
    0,
  );
  const state = JSON.parse(body.toString('utf8', jsonStart)) as Record<string, unknown>;
  for (const section of sections) {
    const array = section.type === 'u32' ? new Uint32Array(section.length) : new Float64Array(section.length);
    body.copy(Buffer.from(array.buffer), 0, section.offset, section.offset + array.byteLength);
    place(state, section.path, array);
  }
  return state as unknown as ChunkIndexState;
}

function place(target: Record<string, unknown>, path: readonly string[], value: Leaf): void {
  const [name, ...rest] = path;
  // Names come from the file: one that would reach an object's prototype is not ours.
  if (name === undefined || name === '__proto__') {
    throw new Error(`a snapshot section has no place at ${path.join('.')}`);
  }
  if (rest.length === 0) {
    target[name] = value;
    return;
  }
  const inner = Object.hasOwn(target, name) ? target[name] : undefined;
  if (!isPlainObject(inner)) {
    throw new Error(`a snapshot section has no place at ${path.join('.')}`);
  }
  place(inner, rest, value);
}

function bytesPer(type: SectionEntry['type']): number {
  return type === 'u32' ? Uint32Array.BYTES_PER_ELEMENT : Float64Array.BYTES_PER_ELEMENT;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function alignUp(offset: number): number {
  return Math.ceil(offset / ALIGN) * ALIGN;
}

/**
 * Temporary files left by writes that never finished (the process was stopped), so they do not
 * pile up; a recent one may still be written by another process and is left alone.
 */
async function removeAbandoned(location: string): Promise<void> {
  const folder = dirname(location);
  const prefix = `${basename(location)}.`;
  const names = (await readdir(folder)).filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'));
  for (const name of names) {
    const path = join(folder, name);
    const modified = await stat(path).then(
      (stats) => stats.mtimeMs,
      () => undefined,
    );
    if (modified !== undefined && Date.now() - modified > ABANDONED_AFTER_MS) {
      await rm(path, { force: true });
    }
  }
}
