import type { Citation, ConversationRef, InboundMessage, Turn } from '../../src/conversation/types.js';

let sequence = 0;
const next = () => (sequence += 1);

export function buildRef(overrides: Partial<ConversationRef> = {}): ConversationRef {
  return { platform: 'slack', tenantId: 'T001', channelId: 'C001', threadId: '1700000000.000100', ...overrides };
}

export function buildMessage(overrides: Partial<InboundMessage> = {}): InboundMessage {
  const n = next();
  return {
    ref: buildRef(),
    author: { id: 'U001', name: 'Ann' },
    text: 'What is the travel policy?',
    eventId: `Ev${n}`,
    receivedAt: new Date('2026-01-15T09:00:00.000Z'),
    ...overrides,
  };
}

export function buildCitation(overrides: Partial<Citation> = {}): Citation {
  return { index: 1, source: 'policies/travel.md', title: 'Travel', snippet: 'Book through the portal.', score: 3.2, ...overrides };
}

export function buildTurn(overrides: Partial<Turn> = {}): Turn {
  const n = next();
  const at = new Date(Date.UTC(2026, 0, 15, 9, 0, n));
  return {
    id: `${at.toISOString()}#Ev${n}`,
    author: { id: 'U001', name: 'Ann' },
    question: `Question ${n}?`,
    answer: `Answer ${n}.`,
    citations: [],
    found: true,
    at,
    ...overrides,
  };
}
