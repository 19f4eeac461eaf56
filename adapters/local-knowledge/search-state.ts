import type MiniSearch from 'minisearch';

/**
 * Everything a MiniSearch index holds, as flat arrays that can be written to disk and read back
 * far faster than the documents can be analysed again.
 *
 * MiniSearch's own `toJSON`/`loadJS` would do, but turns every posting list into an object keyed
 * by decimal strings and back (most of the time of a restore), and rebuilds its term tree by
 * inserting the terms again, which does not keep the order of a node's children: the order in
 * which prefix and typo matches are visited, and so the last bits of a score's sum. Here the tree
 * is written as it is, depth first, and rebuilt node for node, so a restored index answers
 * exactly as the one that was saved.
 *
 * This reads MiniSearch's private fields. The fields it carries and the ones it deliberately does
 * not are listed below; a test fails when MiniSearch gains one that is in neither list, and the
 * snapshot's key holds MiniSearch's version, so an upgrade never reads a snapshot of another one.
 */
export interface SearchState {
  readonly documentCount: number;
  readonly nextId: number;
  readonly dirtCount: number;
  readonly fieldIds: Readonly<Record<string, number>>;
  readonly averageFieldLength: Float64Array;
  /** MiniSearch's short id of each document, and the document's own id, in MiniSearch's order. */
  readonly documentShortIds: Uint32Array;
  readonly documentIds: readonly string[];
  /** Short id, then each field's length (`ABSENT` for a field the document lacked), per document. */
  readonly fieldLengths: Uint32Array;
  /** The term tree, depth first: the key of every edge, in each node's order. */
  readonly treeKeys: readonly string[];
  /**
   * The same walk as numbers: per node its number of entries, then per leaf its fields, each as
   * field id, number of documents and (short id, term frequency) pairs.
   */
  readonly treeNumbers: Uint32Array;
}

/** The fields of a MiniSearch instance a `SearchState` carries. */
export const CARRIED_SEARCH_FIELDS = [
  '_index',
  '_documentCount',
  '_documentIds',
  '_idToShortId',
  '_fieldIds',
  '_fieldLength',
  '_avgFieldLength',
  '_nextId',
  '_storedFields',
  '_dirtCount',
] as const;

/** Set from the constructor's options, or only while a vacuum runs: nothing to save. */
export const UNCARRIED_SEARCH_FIELDS = [
  '_options',
  '_currentVacuum',
  '_enqueuedVacuum',
  '_enqueuedVacuumConditions',
] as const;

/** A field length a document does not have (MiniSearch skips fields whose value is missing). */
const ABSENT = 0xffffffff;
/** The key of a node's own value in MiniSearch's term tree; every other key leads to a child. */
const LEAF = '';

type PostingList = Map<number, number>;
type FieldPostings = Map<number, PostingList>;
type TreeNode = Map<string, TreeNode | FieldPostings>;

interface MiniSearchInternals {
  _index: { _tree: TreeNode; _size: number | undefined };
  _documentCount: number;
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, (number | undefined)[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
}

function internalsOf<T>(search: MiniSearch<T>): MiniSearchInternals {
  return search as unknown as MiniSearchInternals;
}

export function exportSearchState<T>(search: MiniSearch<T>): SearchState {
  const internals = internalsOf(search);
  if (internals._storedFields.size > 0) {
    // Stored fields could be anything; this index stores none, and a snapshot would need to say how.
    throw new Error('an index with stored fields cannot be saved');
  }
  const fieldCount = Object.keys(internals._fieldIds).length;
  const fieldLengths = new Uint32Array(internals._fieldLength.size * (1 + fieldCount));
  let at = 0;
  for (const [shortId, lengths] of internals._fieldLength) {
    fieldLengths[at++] = shortId;
    for (let field = 0; field < fieldCount; field += 1) {
      fieldLengths[at++] = lengths[field] ?? ABSENT;
    }
  }
  const treeKeys: string[] = [];
  const treeNumbers = new GrowingUint32Array();
  writeNode(internals._index._tree, treeKeys, treeNumbers);
  return {
    documentCount: internals._documentCount,
    nextId: internals._nextId,
    dirtCount: internals._dirtCount,
    fieldIds: { ...internals._fieldIds },
    averageFieldLength: Float64Array.from(internals._avgFieldLength),
    documentShortIds: Uint32Array.from(internals._documentIds.keys()),
    documentIds: [...internals._documentIds.values()],
    fieldLengths,
    treeKeys,
    treeNumbers: treeNumbers.finish(),
  };
}

/**
 * Puts a saved state into an empty MiniSearch made with the same options. Throws when the state
 * does not hold together (the caller then builds the index from the documents instead).
 */
export function importSearchState<T>(search: MiniSearch<T>, state: SearchState): void {
  const internals = internalsOf(search);
  if (internals._documentCount !== 0 || internals._nextId !== 0) {
    throw new Error('a search state can only be put into an empty index');
  }
  const fieldIds = Object.entries(internals._fieldIds);
  if (
    fieldIds.length !== Object.keys(state.fieldIds).length ||
    fieldIds.some(([name, id]) => state.fieldIds[name] !== id)
  ) {
    throw new Error('the saved index has other fields');
  }
  if (state.documentShortIds.length !== state.documentIds.length || state.documentIds.length !== state.documentCount) {
    throw new Error('the saved index does not count its documents right');
  }
  const documentIds = new Map<number, string>();
  const idToShortId = new Map<string, number>();
  state.documentIds.forEach((id, index) => {
    const shortId = state.documentShortIds[index] as number;
    documentIds.set(shortId, id);
    idToShortId.set(id, shortId);
  });
  const fieldCount = fieldIds.length;
  const fieldLength = new Map<number, (number | undefined)[]>();
  if (state.fieldLengths.length % (1 + fieldCount) !== 0) {
    throw new Error('the saved field lengths are cut short');
  }
  for (let at = 0; at < state.fieldLengths.length; at += 1 + fieldCount) {
    const lengths: (number | undefined)[] = [];
    for (let field = 0; field < fieldCount; field += 1) {
      const length = state.fieldLengths[at + 1 + field] as number;
      if (length !== ABSENT) {
        lengths[field] = length;
      }
    }
    fieldLength.set(state.fieldLengths[at] as number, lengths);
  }
  const reader = { keys: state.treeKeys, numbers: state.treeNumbers, key: 0, number: 0 };
  const tree = readNode(reader);
  if (reader.key !== state.treeKeys.length || reader.number !== state.treeNumbers.length) {
    throw new Error('the saved term tree has more than its nodes');
  }

  internals._index._tree = tree;
  internals._index._size = undefined;
  internals._documentCount = state.documentCount;
  internals._documentIds = documentIds;
  internals._idToShortId = idToShortId;
  internals._fieldLength = fieldLength;
  internals._avgFieldLength = [...state.averageFieldLength];
  internals._nextId = state.nextId;
  internals._dirtCount = state.dirtCount;
}

function writeNode(node: TreeNode, keys: string[], numbers: GrowingUint32Array): void {
  numbers.push(node.size);
  for (const [key, value] of node) {
    keys.push(key);
    if (key === LEAF) {
      const postings = value as FieldPostings;
      numbers.push(postings.size);
      for (const [fieldId, documents] of postings) {
        numbers.push(fieldId);
        numbers.push(documents.size);
        for (const [shortId, frequency] of documents) {
          numbers.push(shortId);
          numbers.push(frequency);
        }
      }
    } else {
      writeNode(value as TreeNode, keys, numbers);
    }
  }
}

interface TreeReader {
  readonly keys: readonly string[];
  readonly numbers: Uint32Array;
  key: number;
  number: number;
}

function readNode(reader: TreeReader): TreeNode {
  const node: TreeNode = new Map();
  const entries = next(reader);
  for (let entry = 0; entry < entries; entry += 1) {
    const key = reader.keys[reader.key++];
    if (key === undefined) {
      throw new Error('the saved term tree ends early');
    }
    node.set(key, key === LEAF ? readPostings(reader) : readNode(reader));
  }
  return node;
}

/** Most of a restore's time is spent here, on every posting: the loop keeps to local variables. */
function readPostings(reader: TreeReader): FieldPostings {
  const postings: FieldPostings = new Map();
  const fields = next(reader);
  for (let field = 0; field < fields; field += 1) {
    const fieldId = next(reader);
    const count = next(reader);
    const numbers = reader.numbers;
    const start = reader.number;
    const end = start + 2 * count;
    if (end > numbers.length) {
      throw new Error('the saved term tree ends early');
    }
    const documents: PostingList = new Map();
    for (let at = start; at < end; at += 2) {
      documents.set(numbers[at] as number, numbers[at + 1] as number);
    }
    reader.number = end;
    postings.set(fieldId, documents);
  }
  return postings;
}

function next(reader: TreeReader): number {
  const value = reader.numbers[reader.number++];
  if (value === undefined) {
    throw new Error('the saved term tree ends early');
  }
  return value;
}

/** A Uint32Array filled one number at a time: an array of numbers costs twice the memory and a copy. */
class GrowingUint32Array {
  private values = new Uint32Array(1 << 16);
  private length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const larger = new Uint32Array(this.values.length * 2);
      larger.set(this.values);
      this.values = larger;
    }
    this.values[this.length++] = value;
  }

  finish(): Uint32Array {
    return this.values.slice(0, this.length);
  }
}
