import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../../../src/conversation/intent.js';

describe('parseIntent', () => {
  it.each(['help', 'HELP', ' help. ', '?'])('%j is help', (text) => {
    expect(parseIntent(text)).toEqual({ kind: 'help' });
  });

  it.each(['forget', 'Forget this thread!', 'forget   this conversation'])('%j is forget', (text) => {
    expect(parseIntent(text)).toEqual({ kind: 'forget' });
  });

  it.each(['how do I reset a forgotten password?', 'forget my password', 'help me with the VPN', ''])(
    '%j is a question',
    (text) => {
      expect(parseIntent(text)).toEqual({ kind: 'ask' });
    },
  );
});

describe('parseIntent for actions', () => {
  it.each([
    ['run restart-service service=web because 502', 'restart-service service=web because 502'],
    ['  RUN open-ticket  ', 'open-ticket'],
    ['run through the onboarding steps?', 'through the onboarding steps?'],
  ])('%j is run', (text, command) => {
    expect(parseIntent(text)).toEqual({ kind: 'run', command });
  });

  it.each(['approvals', 'My approvals', 'pending approvals.'])('%j is approvals', (text) => {
    expect(parseIntent(text)).toEqual({ kind: 'approvals' });
  });

  it.each(['run', 'how do I run the tests?', 'run: the tests', 'what approvals do I need for travel?'])(
    '%j is a question',
    (text) => {
      expect(parseIntent(text)).toEqual({ kind: 'ask' });
    },
  );
});
