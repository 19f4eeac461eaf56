import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { LanguageModel } from '../ports/language-model.js';
import type { Tracer } from '../ports/tracer.js';
import { deferredProviders, type Providers } from './deferred-providers.js';
import { EXTRACTIVE_MODEL, modelDescriptionOf } from './tracing.js';

export interface ServiceProvidersOptions {
  readonly logger: Logger;
  readonly tracer: Tracer;
  /** A knowledge source and model a test or an embedding application passes instead. */
  readonly override: { readonly knowledge: KnowledgeBase; readonly model: LanguageModel } | undefined;
  /**
   * Open them on first use: a web tier whose answers worker processes write retrieves and answers
   * on hardly any path (see deferredProviders).
   */
  readonly onFirstUse: boolean;
}

/** The configured knowledge source and model, or the ones passed instead, for a service or worker. */
export async function openServiceProviders(
  appConfig: AppConfig,
  options: ServiceProvidersOptions,
): Promise<Providers> {
  const { override } = options;
  if (override) {
    return { ...override, close: () => Promise.resolve() };
  }
  const open = async (): Promise<Providers> => {
    // Imported here, not at the top: the knowledge adapters and the model SDKs are heap that a web
    // tier which never answers does not load.
    const { createKnowledgeProviders, modelProviderConfig } = await import('./knowledge.js');
    return createKnowledgeProviders(appConfig.core, options.logger, {
      ...modelProviderConfig(appConfig),
      tracer: options.tracer,
    });
  };
  return options.onFirstUse
    ? deferredProviders(open, { rewrites: modelDescriptionOf(appConfig) !== EXTRACTIVE_MODEL })
    : open();
}
