import { describe, expect, it } from 'vitest';
import { matchAction } from '../../../src/approval-rules/action-matcher.js';
import { questionTerms, relatedEntries } from '../../../src/text/related-terms.js';
import { analyzeText, surfaceWords, termSet } from '../../../src/text/text-analysis.js';
import { MapThesaurus } from '../../fakes/map-thesaurus.js';

describe('the one text analysis', () => {
  it('keeps compounds whole and split, acronyms that spell stopwords, and amounts however they are grouped', () => {
    expect(analyzeText('Co-working in the US costs 3,300 dollars')).toEqual([
      'co',
      'work',
      'cowork',
      'us',
      'cost',
      '3300',
      'dollar',
    ]);
    expect(analyzeText('us and them')).toEqual([]);
    expect(termSet('Set-up')).toEqual(new Set(['set', 'setup']));
    expect(termSet('vpn.northwind.example')).toEqual(
      new Set(['vpn', 'northwind', 'exampl', 'vpnnorthwindexampl']),
    );
    expect(analyzeText('v2.5 costs 2.50')).toEqual(['v2', '5', 'v25', 'cost', '2.50']);
  });

  it('reads letters beyond ASCII and compatibility forms as one word', () => {
    expect(analyzeText('Café ﬁling')).toEqual(analyzeText('café filing'));
    expect(analyzeText('Zürich')).toEqual(['zürich']);
  });

  it('gives the action matcher the stems the index uses, so inflections and accents meet', () => {
    const actions = [
      {
        id: 'renew',
        title: 'Renew a café licence',
        description: 'Renews the licence of a café',
        examples: [],
      },
    ];
    expect(matchAction('renewing the licences of the Café', actions)?.actionId).toBe('renew');
    expect(termSet('renewing the licences')).toEqual(termSet('renew licence'));
  });

  it('compares values literally, split at every separator', () => {
    expect(surfaceWords('DB_primary, db-primary; "db primary"')).toEqual([
      'db',
      'primary',
      'db',
      'primary',
      'db',
      'primary',
    ]);
  });

  it('asks the thesaurus about content words and short phrases, each standing for its own terms', () => {
    const thesaurus = new MapThesaurus({
      ill: [{ word: 'sick', weight: 1 }],
      'time off': [{ word: 'paid leave', weight: 0.8 }],
      the: [{ word: 'never asked', weight: 1 }],
    });
    const entries = relatedEntries(questionTerms('Ill? Take the time off'), thesaurus, 3);
    expect(entries).toEqual([
      { standsFor: ['ill'], terms: ['sick'], words: 1, weight: 1 },
      { standsFor: ['time'], terms: ['paid', 'leav'], words: 2, weight: 0.8 },
    ]);
  });

  it('adds the words of a definition only when asked to, after the related words', () => {
    const thesaurus = new MapThesaurus(
      { eyeglasses: [{ word: 'spectacles', weight: 1 }] },
      {},
      { eyeglasses: [{ word: 'vision', weight: 0.12 }] },
    );
    const question = questionTerms('Eyeglasses?');
    expect(relatedEntries(question, thesaurus, 3).map((entry) => entry.terms)).toEqual([['spectacl']]);
    expect(relatedEntries(question, thesaurus, 3, true)).toEqual([
      { standsFor: ['eyeglass'], terms: ['spectacl'], words: 1, weight: 1 },
      { standsFor: ['eyeglass'], terms: ['vision'], words: 1, weight: 0.12 },
    ]);
  });
});
