export {
  createLocalKnowledgeBase,
  LocalKnowledgeBase,
  type IngestStats,
  type LocalKnowledgeBaseHandle,
  type LocalKnowledgeBaseOptions,
  type SkippedFile,
} from './local-knowledge-base.js';
export { chunkDocument, DEFAULT_CHUNKING, type ChunkingOptions } from './chunk-document.js';
export type { Chunk, DocumentBlock, ParsedDocument } from './document-model.js';
export type { SkipReason } from './parse-file.js';
export type { IngestProgress, ProgressTiming } from './ingest-progress.js';
