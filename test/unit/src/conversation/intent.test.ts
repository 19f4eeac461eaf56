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

describe('parseIntent for a person’s data', () => {
  it('reads "forget me" alone, and with the confirmation code it answered with', () => {
    expect(parseIntent('Forget me.')).toEqual({ kind: 'forget-me' });
    expect(parseIntent('forget about me')).toEqual({ kind: 'forget-me' });
    expect(parseIntent('forget me k7m2qz')).toEqual({ kind: 'forget-me', code: 'K7M2QZ' });
    expect(parseIntent('forget me confirm K7M2QZ!')).toEqual({ kind: 'forget-me', code: 'K7M2QZ' });
    // "forget" stays the conversation's, and questions stay questions.
    expect(parseIntent('forget')).toEqual({ kind: 'forget' });
    expect(parseIntent('forget me not: what flower is that?')).toEqual({ kind: 'ask' });
  });

  it('reads "export my data"', () => {
    expect(parseIntent('export my data')).toEqual({ kind: 'export-me' });
    expect(parseIntent('My data')).toEqual({ kind: 'export-me' });
    expect(parseIntent('how do I export my data from Jira?')).toEqual({ kind: 'ask' });
  });
});
