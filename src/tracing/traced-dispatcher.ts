import type { AnswerOptions, Admitted, DispatchOptions } from '../conversation/dispatcher.js';
import type { MessageReads } from '../conversation/message-reads.js';
import type { Intent } from '../conversation/intent.js';
import type { Reply } from '../conversation/reply.js';
import type { InboundMessage, Platform } from '../conversation/types.js';
import type { Tracer } from '../ports/tracer.js';

/** The two halves of a queued question, as every platform's entry and worker call them. */
export interface AdmitAndAnswer {
  admit(message: InboundMessage, options?: Pick<DispatchOptions, 'intent' | 'reads' | 'claimant'>): Promise<Admitted>;
  answer(message: InboundMessage, intent: Intent, options?: AnswerOptions): Promise<Reply>;
}

/** What `Dispatcher.dispatch` needs besides its two halves. */
export interface DispatchReads {
  readsFor(message: InboundMessage, options?: Pick<DispatchOptions, 'reads'>): MessageReads | undefined;
}

/**
 * `Dispatcher.dispatch` made of traced halves, for a worker that admits and answers a queued
 * question in one call (Teams): the same reads shared by both halves, a refusal delivered, and
 * `steward.admit` and `steward.answer` spans as on every platform.
 */
export function tracedDispatch(
  dispatcher: AdmitAndAnswer & DispatchReads,
  traced: AdmitAndAnswer,
): (message: InboundMessage, options?: DispatchOptions) => Promise<Reply> {
  return async (message, options = {}) => {
    const reads = dispatcher.readsFor(message, options);
    const withReads = reads !== undefined ? { ...options, reads } : options;
    const admitted = await traced.admit(message, withReads);
    if (admitted.kind === 'refused') {
      await options.deliver?.(admitted.reply);
      return admitted.reply;
    }
    return traced.answer(message, admitted.intent, withReads);
  };
}

/**
 * The web tier's admission (dedupe, validation, who may ask) and the worker's answer, each in a
 * span of its own, the same on every platform: `steward.admit` with what was decided (never the
 * words), `steward.answer` with the intent.
 */
export function tracedAdmitAndAnswer(dispatcher: AdmitAndAnswer, tracer: Tracer, platform: Platform): AdmitAndAnswer {
  if (!tracer.enabled) {
    return { admit: (message, options) => dispatcher.admit(message, options), answer: (message, intent, options) => dispatcher.answer(message, intent, options) };
  }
  return {
    admit: (message, options) =>
      tracer.inSpan('steward.admit', { 'steward.platform': platform }, async (span) => {
        const admitted = await dispatcher.admit(message, options);
        span.setAttributes({
          'steward.admission': admitted.kind,
          'steward.refusal': admitted.kind === 'refused' ? admitted.reply.kind : undefined,
        });
        return admitted;
      }),
    answer: (message, intent, options) =>
      tracer.inSpan('steward.answer', { 'steward.platform': platform, 'steward.intent': intent.kind }, () =>
        dispatcher.answer(message, intent, options),
      ),
  };
}
