import { fileURLToPath } from 'node:url';
import type { CoreConfig } from '../config/core-config.js';
import type { Logger } from '../logger.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { LanguageModel } from '../ports/language-model.js';
import type { Thesaurus } from '../ports/thesaurus.js';
import {
  createLocalKnowledgeBase,
  type IngestStats,
  type LocalKnowledgeBase,
} from '../../adapters/local-knowledge/local-knowledge-base.js';
import { ExtractiveLanguageModel } from '../../adapters/local-model/extractive-language-model.js';
import { WordNetThesaurus } from '../../adapters/wordnet/wordnet-thesaurus.js';

/** The knowledge the project ships, used when no KNOWLEDGE_DIR is configured. */
export const SAMPLE_KNOWLEDGE_DIR = fileURLToPath(new URL('../../docs/sample-knowledge', import.meta.url));

export interface KnowledgeProviders {
  readonly knowledge: KnowledgeBase;
  readonly model: LanguageModel;
  readonly description: string;
  /** Re-reads the knowledge source, picking up edited, added and deleted documents. */
  refresh(): Promise<IngestStats | undefined>;
}

export async function createKnowledgeProviders(
  config: Pick<CoreConfig, 'knowledgeDir'>,
  logger: Logger,
): Promise<KnowledgeProviders> {
  const dir = config.knowledgeDir ?? SAMPLE_KNOWLEDGE_DIR;
  // One thesaurus for both: retrieval finds passages that use other words, and the answerer then
  // accepts them as answering the question.
  const thesaurus = new WordNetThesaurus();
  const local = await openLocalKnowledge(dir, logger, thesaurus);
  return {
    knowledge: local,
    model: new ExtractiveLanguageModel({ thesaurus }),
    description: `local folder ${dir}`,
    refresh: () => local.ingest(),
  };
}

async function openLocalKnowledge(dir: string, logger: Logger, thesaurus: Thesaurus): Promise<LocalKnowledgeBase> {
  const { knowledgeBase, stats } = await createLocalKnowledgeBase({ dir, logger, thesaurus });
  logger.info(
    { dir, files: stats.files, chunks: stats.chunks, skipped: stats.skipped.length, durationMs: stats.durationMs },
    'knowledge folder indexed',
  );
  return knowledgeBase;
}
