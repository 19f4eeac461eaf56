import { describe, expect, it } from 'vitest';
import { expectedAnswerType, holdsAnswerType } from '../../../../adapters/local-model/answer-type.js';

describe('expectedAnswerType', () => {
  it.each([
    ['How many vacation days do we get each year?', 'quantity'],
    ['How much of the premium does the company pay?', 'quantity'],
    ['What salary does the project leader earn?', 'quantity'],
    ['What does covering my family on the health plan cost me per paycheck?', 'quantity'],
    ['How long is paid family leave?', 'duration'],
    ['How often are laptops replaced?', 'frequency'],
    ['In what year was it founded?', 'date'],
    ['What time does the canteen open?', 'date'],
    ['When are heartbeats due?', 'moment'],
    ['If I move up a level, when does the raise arrive?', 'moment'],
    ['Who created the Debian Project and when?', 'moment'],
  ])('reads %s as asking for a %s', (question, type) => {
    expect(expectedAnswerType(question)).toBe(type);
  });

  it.each([
    'How do I reset my password?',
    'Can I bring my dog to the office?',
    'Why is UTF-8 the preferred text encoding?',
    'Who provides our medical insurance?',
    // "when" inside the question opens a condition, not the question.
    'What is the best way to save bandwidth when many machines download updates?',
    'What happens when I travel on a Saturday?',
  ])('expects no type of %s', (question) => {
    expect(expectedAnswerType(question)).toBeUndefined();
  });
});

describe('holdsAnswerType', () => {
  it('finds amounts in figures, currency and number words', () => {
    expect(holdsAnswerType('The company pays 100% of the premium.', 'quantity')).toBe(true);
    expect(holdsAnswerType('You get twenty days off.', 'quantity')).toBe(true);
    expect(holdsAnswerType('Donations of time and resources keep the project going.', 'quantity')).toBe(
      false,
    );
  });

  it('takes a time span or any amount for a length', () => {
    expect(holdsAnswerType('Cycles last six weeks.', 'duration')).toBe(true);
    expect(holdsAnswerType('Claims are due within a month.', 'duration')).toBe(true);
    expect(holdsAnswerType('Choose a password of at least 8 characters.', 'duration')).toBe(true);
    expect(holdsAnswerType('Submit your claim in the expense tool.', 'duration')).toBe(false);
  });

  it('finds rates, dates and moments', () => {
    expect(holdsAnswerType('Laptops are replaced every three years.', 'frequency')).toBe(true);
    expect(holdsAnswerType('Heartbeats are due on Friday.', 'date')).toBe(true);
    expect(holdsAnswerType('The raise is paid after your next review.', 'moment')).toBe(true);
    expect(holdsAnswerType('The canteen serves vegetarian food.', 'date')).toBe(false);
    expect(holdsAnswerType('Ask your manager.', 'moment')).toBe(false);
  });
});
