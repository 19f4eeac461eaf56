import { describe, expect, it } from 'vitest';
import { historyTokens, turnsToFold } from '../../../../src/conversation/history-policy.js';
import { buildTurn } from '../../../support/builders.js';

describe('turnsToFold', () => {
  const turns = Array.from({ length: 6 }, (_, i) =>
    buildTurn({ id: `t${i}`, question: `question number ${i}`, answer: 'an answer of a few words '.repeat(10) }),
  );

  it('folds nothing while the history fits the budget', () => {
    expect(turnsToFold({ summary: '', turns }, { tokenBudget: 10_000, keepTurns: 2 })).toEqual([]);
  });

  it('folds every turn but the newest ones once over budget', () => {
    const folded = turnsToFold({ summary: '', turns }, { tokenBudget: 50, keepTurns: 2 });
    expect(folded.map((t) => t.id)).toEqual(['t0', 't1', 't2', 't3']);
  });

  it('never folds the kept turns, even when they alone are over budget', () => {
    expect(turnsToFold({ summary: '', turns: turns.slice(0, 2) }, { tokenBudget: 1, keepTurns: 2 })).toEqual([]);
  });

  it('counts the summary against the budget', () => {
    const small = turns.slice(0, 3);
    const budget = historyTokens({ summary: '', turns: small }) + 5;
    expect(turnsToFold({ summary: '', turns: small }, { tokenBudget: budget, keepTurns: 1 })).toEqual([]);
    const longSummary = 'Earlier, someone asked about the travel policy. '.repeat(5);
    expect(turnsToFold({ summary: longSummary, turns: small }, { tokenBudget: budget, keepTurns: 1 })).toHaveLength(2);
  });
});
