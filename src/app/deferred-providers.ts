import type { KnowledgeBase, RetrievalQuery } from '../ports/knowledge-base.js';
import type {
  AnswerRequest,
  LanguageModel,
  RewriteRequest,
  RewrittenQuestion,
  SummaryRequest,
} from '../ports/language-model.js';

/** The knowledge source and models a service runs on, and how to let go of them. */
export interface Providers {
  readonly knowledge: KnowledgeBase;
  readonly model: LanguageModel;
  readonly fallbackModel?: LanguageModel;
  close(): Promise<void>;
}

export interface DeferredProvidersOptions {
  /**
   * Whether the configured model rewrites follow-ups (one that writes text of its own does; the
   * extractive answerer does not). Known from the configuration, so the core can ask before
   * anything is loaded.
   */
  readonly rewrites: boolean;
}

/**
 * Providers opened on first use. A web tier whose answers are written by workers never retrieves
 * or answers on most paths, yet opening the providers at start imported the knowledge adapters and
 * the model SDKs and read the knowledge folder into an index: heap it carried for nothing, and
 * that every full garbage collection of the process acknowledging requests had to walk. The few
 * paths that answer in the web tier (`/steward run`) open them then, once.
 */
export function deferredProviders(
  open: () => Promise<Providers>,
  options: DeferredProvidersOptions,
): Providers {
  let opened: Promise<Providers> | undefined;
  const providers = (): Promise<Providers> => {
    opened ??= open().catch((error: unknown) => {
      // A failed opening (a folder that cannot be read) is tried again on the next use.
      opened = undefined;
      throw error;
    });
    return opened;
  };
  const deferredModel = (pick: (loaded: Providers) => LanguageModel, rewrites: boolean): LanguageModel => ({
    answer: async (request: AnswerRequest) => pick(await providers()).answer(request),
    summarize: async (request: SummaryRequest) => pick(await providers()).summarize(request),
    ...(rewrites
      ? {
          rewriteQuestion: async (request: RewriteRequest): Promise<RewrittenQuestion> => {
            const model = pick(await providers());
            // An empty rewrite makes the core retrieve with the conversation as context, as it
            // does for a model without this method.
            return model.rewriteQuestion ? model.rewriteQuestion(request) : { text: '' };
          },
        }
      : {}),
  });
  return {
    knowledge: { retrieve: async (query: RetrievalQuery) => (await providers()).knowledge.retrieve(query) },
    model: deferredModel((loaded) => loaded.model, options.rewrites),
    fallbackModel: deferredModel((loaded) => loaded.fallbackModel ?? loaded.model, false),
    close: async () => {
      // Nothing opened, or an opening that failed, leaves nothing to close.
      const loaded = await opened?.catch(() => undefined);
      await loaded?.close();
    },
  };
}
