import { conversationKey } from '../conversation/conversation-key.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { HttpRoute } from '../ports/http-route.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { PersonalDataDetector } from '../ports/personal-data-detector.js';
import type { Tracer } from '../ports/tracer.js';

/*
 * Spans around the ports a message's answer goes through, added in the composition root so the
 * core and the adapters stay as they are. With tracing off each function returns its port as it
 * is: nothing is wrapped and nothing costs.
 */

/** History load, turn write and summary fold as spans; feedback and forgetting pass through. */
export function tracedConversationStore(inner: ConversationStore, tracer: Tracer): ConversationStore {
  if (!tracer.enabled) {
    return inner;
  }
  return {
    load: (ref) =>
      tracer.inSpan('steward.history.load', { 'steward.conversation': conversationKey(ref) }, async (span) => {
        const state = await inner.load(ref);
        span.setAttributes({ 'steward.history.turns': state.turns.length, 'steward.history.summarized': state.summary !== '' });
        return state;
      }),
    appendTurn: (ref, turn, expiresAt) =>
      tracer.inSpan('steward.turn.write', { 'steward.conversation': conversationKey(ref), 'steward.turn.id': turn.id }, () =>
        inner.appendTurn(ref, turn, expiresAt),
      ),
    fold: (ref, fold) =>
      tracer.inSpan(
        'steward.history.fold',
        { 'steward.conversation': conversationKey(ref), 'steward.history.folded_turns': fold.foldedTurnIds.length },
        async (span) => {
          const applied = await inner.fold(ref, fold);
          span.setAttributes({ 'steward.history.fold_applied': applied });
          return applied;
        },
      ),
    recordFeedback: (ref, turnId, feedback) => inner.recordFeedback(ref, turnId, feedback),
    forget: (ref) => inner.forget(ref),
  };
}

export function tracedKnowledgeBase(inner: KnowledgeBase, tracer: Tracer): KnowledgeBase {
  if (!tracer.enabled) {
    return inner;
  }
  return {
    retrieve: (query) =>
      tracer.inSpan(
        'steward.retrieve',
        { 'steward.retrieval.limit': query.limit, 'steward.retrieval.source': query.source?.kind },
        async (span) => {
          const passages = await inner.retrieve(query);
          span.setAttributes({ 'steward.retrieval.passages': passages.length });
          return passages;
        },
      ),
  };
}

/**
 * The personal-data guardrail that every message passes before any model or store sees it; only
 * the number and kinds of findings are recorded, never the text.
 */
export function tracedPersonalDataDetector(inner: PersonalDataDetector, tracer: Tracer): PersonalDataDetector {
  if (!tracer.enabled) {
    return inner;
  }
  return {
    find: (text) =>
      tracer.inSpan('steward.guardrail.personal_data', {}, (span) => {
        const findings = inner.find(text);
        span.setAttributes({
          'steward.personal_data.findings': findings.length,
          'steward.personal_data.kinds': [...new Set(findings.map((finding) => finding.kind))],
        });
        return findings;
      }),
  };
}

/**
 * The HTTP entry as a server span named after its route (`POST /slack/events`), so every later
 * step of the request (verification, admission, enqueue) is its child.
 */
export function tracedHttpRoute(inner: HttpRoute, tracer: Tracer): HttpRoute {
  if (!tracer.enabled) {
    return inner;
  }
  return {
    method: inner.method,
    path: inner.path,
    handle: (request) =>
      tracer.inSpan(
        `${inner.method} ${inner.path}`,
        { 'http.request.method': request.method, 'http.route': inner.path, 'url.path': new URL(request.url).pathname },
        async (span) => {
          const response = await inner.handle(request);
          span.setAttributes({ 'http.response.status_code': response.status });
          return response;
        },
        { kind: 'server' },
      ),
  };
}
