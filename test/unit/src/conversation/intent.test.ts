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
