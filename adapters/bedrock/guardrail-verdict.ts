import type { GuardrailTraceAssessment } from '@aws-sdk/client-bedrock-runtime';
import type { GuardrailIntervention } from '../../src/conversation/types.js';

/**
 * What a guardrail did, read from the stop reason and the guardrail trace. Every policy in an
 * assessment (topics, content, words, sensitive information, grounding...) reports an `action`;
 * rather than list the policy types, which grow, every `action` in the trace is collected.
 * BLOCKED anywhere wins; ANONYMIZED alone means the text was masked but can be shown.
 */
export function guardrailVerdict(
  stopReason: string | undefined,
  trace: GuardrailTraceAssessment | undefined,
): GuardrailIntervention | undefined {
  if (stopReason === 'content_filtered') {
    // The model provider's own filter, not the configured guardrail: nothing usable was written.
    return { stage: 'output', action: 'blocked' };
  }
  if (stopReason !== 'guardrail_intervened') {
    return undefined;
  }
  const input = actionsIn(trace?.inputAssessment);
  const output = actionsIn(trace?.outputAssessments);
  if (input.has('BLOCKED')) {
    return { stage: 'input', action: 'blocked' };
  }
  if (output.has('BLOCKED')) {
    return { stage: 'output', action: 'blocked' };
  }
  if (output.has('ANONYMIZED')) {
    return { stage: 'output', action: 'masked' };
  }
  if (input.has('ANONYMIZED')) {
    return { stage: 'input', action: 'masked' };
  }
  // An intervention without a readable trace: show nothing of the model's.
  return { stage: input.size > 0 || output.size === 0 ? 'input' : 'output', action: 'blocked' };
}

export function actionsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) {
      actionsIn(item, found);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'action' && typeof inner === 'string') {
        found.add(inner);
      } else {
        actionsIn(inner, found);
      }
    }
  }
  return found;
}
