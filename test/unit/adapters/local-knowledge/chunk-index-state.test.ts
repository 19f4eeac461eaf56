import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CARRIED_INDEX_FIELDS,
  ChunkIndex,
  type ChunkIndexState,
  UNCARRIED_INDEX_FIELDS,
} from '../../../../adapters/local-knowledge/chunk-index.js';
import { DEFAULT_CHUNKING } from '../../../../adapters/local-knowledge/chunk-document.js';
import type { Chunk } from '../../../../adapters/local-knowledge/document-model.js';
import { IndexSnapshot } from '../../../../adapters/local-knowledge/index-snapshot.js';
import { CARRIED_SEARCH_FIELDS, UNCARRIED_SEARCH_FIELDS } from '../../../../adapters/local-knowledge/search-state.js';
import { MapThesaurus } from '../../../fakes/map-thesaurus.js';

function chunk(source: string, index: number, headingPath: readonly string[], text: string): Chunk {
  return { id: `${source}#${index}`, source, title: headingPath[0] ?? source, headingPath, text };
}

const CHUNKS: readonly Chunk[] = [
  chunk('hr/leave.md', 0, ['Leave', 'Sick leave'], 'Tell your manager before your usual start time when you are ill.'),
  chunk('hr/leave.md', 1, ['Leave', 'Holiday'], 'Full-time employees have 27 days of paid holiday per year.'),
  chunk('hr/leave.md', 2, ['Leave', 'Parental leave'], 'Parents get 20 weeks of fully paid leave after a birth.'),
  chunk('it/vpn.md', 0, ['VPN'], 'Enter vpn.northwind.example as the portal address in GlobalProtect.'),
  chunk('it/accounts.md', 0, ['Accounts', 'Passwords'], 'Reset your password at https://id.northwind.example/reset.'),
  chunk('it/accounts.md', 1, ['Accounts', 'Managers'], 'Management approves new accounts; a manager asks for them.'),
  chunk('finance/expenses.md', 0, ['Expenses'], 'Submit an expense claim within 60 days of the purchase.'),
];

const QUESTIONS = [
  'How do I reset my password?',
  'How much holiday do I get?',
  'I am sick, what do I do?',
  'Who manages accounts?',
  'portal adress for the vpn',
  'expense claims',
];

const thesaurus = new MapThesaurus({
  ill: [{ word: 'sick', weight: 1 }],
  sick: [{ word: 'ill', weight: 1 }],
  vacation: [{ word: 'holiday', weight: 0.8 }],
});

/** An index that has seen removals as well as additions, so free slots and stale postings exist. */
function builtIndex(): ChunkIndex {
  const index = new ChunkIndex({ thesaurus });
  index.add(CHUNKS);
  index.remove(['hr/leave.md#1', 'it/vpn.md#0']);
  index.add([CHUNKS[3] as Chunk]);
  return index;
}

function chunksOf(index: ChunkIndex): Map<string, Chunk> {
  return new Map(fieldsOf(index).chunks as Map<string, Chunk>);
}

function fieldsOf(value: object): Record<string, unknown> {
  return value as Record<string, unknown>;
}

function answers(index: ChunkIndex): unknown[] {
  return QUESTIONS.map((text) => index.query({ text, context: 'accounts and leave', limit: 5 }));
}

describe('ChunkIndex state', () => {
  it('names every field of the index and of its MiniSearch as either saved or not needed', () => {
    const index = new ChunkIndex();
    expect(Object.keys(index).sort()).toEqual([...CARRIED_INDEX_FIELDS, ...UNCARRIED_INDEX_FIELDS].sort());
    const search = fieldsOf(index).search as object;
    expect(Object.keys(search).sort()).toEqual([...CARRIED_SEARCH_FIELDS, ...UNCARRIED_SEARCH_FIELDS].sort());
  });

  it('restores every saved field as it was, and answers exactly as the index it came from', () => {
    const original = builtIndex();
    const restored = new ChunkIndex({ thesaurus });
    restored.importState(original.exportState(), chunksOf(original));

    for (const field of CARRIED_INDEX_FIELDS.filter((name) => name !== 'search')) {
      expect(fieldsOf(restored)[field], field).toEqual(fieldsOf(original)[field]);
    }
    const originalSearch = fieldsOf(fieldsOf(original).search as object);
    const restoredSearch = fieldsOf(fieldsOf(restored).search as object);
    for (const field of CARRIED_SEARCH_FIELDS) {
      expect(restoredSearch[field], field).toEqual(originalSearch[field]);
    }
    // Equal maps may still iterate in another order; the term tree's order decides the order in which matches add up.
    const terms = (search: Record<string, unknown>) => [...(search._index as Map<string, unknown>).keys()];
    expect(terms(restoredSearch)).toEqual(terms(originalSearch));
    expect(answers(restored)).toEqual(answers(original));
  });

  it('goes on taking additions and removals after a restore as the original does', () => {
    const original = builtIndex();
    const restored = new ChunkIndex({ thesaurus });
    restored.importState(original.exportState(), chunksOf(original));
    for (const index of [original, restored]) {
      index.remove(['it/accounts.md#0']);
      index.add([CHUNKS[1] as Chunk, chunk('it/new.md', 0, ['New'], 'Passwords expire every year.')]);
    }
    expect(answers(restored)).toEqual(answers(original));
    expect(restored.exportState()).toEqual(original.exportState());
  });

  it('refuses a state that names a chunk it is not given, or an index that is not empty', () => {
    const original = builtIndex();
    const state = original.exportState();
    const chunks = chunksOf(original);
    chunks.delete('it/vpn.md#0');
    expect(() => new ChunkIndex().importState(state, chunks)).toThrow(/not there/);
    expect(() => builtIndex().importState(state, chunksOf(original))).toThrow(/empty/);
  });
});

describe('IndexSnapshot', () => {
  let cacheDir: string;

  beforeEach(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'steward-index-snapshot-'));
  });

  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('reads back the state it wrote, typed arrays and all', async () => {
    const snapshot = await IndexSnapshot.open(cacheDir, '/knowledge', DEFAULT_CHUNKING);
    const original = builtIndex();
    const state = original.exportState();
    const key = snapshot.keyOf([{ path: 'hr/leave.md', hash: 'a' }]);
    await snapshot.save(key, state);

    const decoded = snapshot.decode(await readFile(snapshot.location), key) as ChunkIndexState;
    expect(decoded).toEqual(state);
    expect(decoded.search.treeNumbers).toBeInstanceOf(Uint32Array);
    expect(decoded.search.averageFieldLength).toBeInstanceOf(Float64Array);
    const restored = new ChunkIndex({ thesaurus });
    restored.importState(decoded, chunksOf(original));
    expect(answers(restored)).toEqual(answers(original));
  });

  it('keys a folder by its files whatever order they are listed in, and by their contents', async () => {
    const snapshot = await IndexSnapshot.open(cacheDir, '/knowledge', DEFAULT_CHUNKING);
    const a = { path: 'a.md', hash: '1' };
    const b = { path: 'b.md', hash: '2' };
    expect(snapshot.keyOf([a, b])).toBe(snapshot.keyOf([b, a]));
    expect(snapshot.keyOf([a, { ...b, hash: '3' }])).not.toBe(snapshot.keyOf([a, b]));
    expect(snapshot.keyOf([a])).not.toBe(snapshot.keyOf([a, b]));
    const otherFolder = await IndexSnapshot.open(cacheDir, '/elsewhere', DEFAULT_CHUNKING);
    expect(otherFolder.keyOf([a, b])).not.toBe(snapshot.keyOf([a, b]));
  });

  it('says a snapshot of other folder contents or other code does not fit, without reading its body', async () => {
    const snapshot = await IndexSnapshot.open(cacheDir, '/knowledge', DEFAULT_CHUNKING);
    await snapshot.save('key-1', builtIndex().exportState());
    const bytes = await readFile(snapshot.location);
    expect(snapshot.decode(bytes, 'key-2')).toEqual({ reason: 'folder-changed' });
    const recut = await IndexSnapshot.open(cacheDir, '/knowledge', { maxChars: 300, overlapChars: 50 });
    expect(recut.decode(bytes, 'key-1')).toEqual({ reason: 'other-code' });
  });

  it('throws on a damaged or cut-short snapshot', async () => {
    const snapshot = await IndexSnapshot.open(cacheDir, '/knowledge', DEFAULT_CHUNKING);
    await snapshot.save('key', builtIndex().exportState());
    const bytes = await readFile(snapshot.location);
    const flipped = Buffer.from(bytes);
    const last = flipped.length - 10;
    flipped[last] = (flipped[last] ?? 0) ^ 0xff;
    expect(() => snapshot.decode(flipped, 'key')).toThrow(/checksum/);
    expect(() => snapshot.decode(bytes.subarray(0, bytes.length - 100), 'key')).toThrow(/bytes/);
    expect(() => snapshot.decode(bytes.subarray(0, 30), 'key')).toThrow();
    expect(() => snapshot.decode(Buffer.from('{"format": 1}'), 'key')).toThrow(/not an index snapshot/);
  });
});
