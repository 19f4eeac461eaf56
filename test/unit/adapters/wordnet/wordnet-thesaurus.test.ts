import { describe, expect, it } from 'vitest';
import { WordNetThesaurus } from '../../../../adapters/wordnet/index.js';

const thesaurus = new WordNetThesaurus();

function weightOf(word: string, related: string): number | undefined {
  return thesaurus.related(word).find((entry) => entry.word === related)?.weight;
}

describe('WordNetThesaurus', () => {
  it('gives synonyms of the commonest sense full weight', () => {
    expect(weightOf('ill', 'sick')).toBe(1);
    expect(weightOf('colleague', 'co-worker')).toBe(1);
  });

  it('weights looser relations below synonyms', () => {
    // "baby" is a kind of "child"; "die" and "death" are forms of one idea.
    const child = weightOf('baby', 'child');
    const death = weightOf('die', 'death');
    expect(child).toBeGreaterThan(0);
    expect(child).toBeLessThan(1);
    expect(death).toBeGreaterThan(0);
    expect(death).toBeLessThan(1);
  });

  it('finds the adjectives that pertain to a noun, as close as the adjective finds the noun', () => {
    // WordNet points from "dental" to "tooth" only; documents say "dental" where people say "teeth".
    expect(weightOf('teeth', 'dental')).toBe(weightOf('dental', 'tooth'));
    expect(weightOf('teeth', 'dental')).toBeLessThan(1);
    expect(weightOf('city', 'urban')).toBeGreaterThan(0);
    expect(weightOf('law', 'legal')).toBeGreaterThan(0);
  });

  it('finds narrower terms of a general phrase', () => {
    expect(weightOf('time off', 'leave')).toBeGreaterThan(0);
    expect(weightOf('get together', 'gather')).toBe(1);
  });

  it('reads inflected and irregular forms as their base word', () => {
    expect(weightOf('stolen', 'steal')).toBe(1);
    expect(weightOf('colleagues', 'co-worker')).toBe(1);
    expect(weightOf('teeth', 'tooth')).toBe(1);
  });

  it('ranks a rare sense of a word below its common one', () => {
    // "sick" the adjective is common; "to sick" (to vomit) is rare.
    expect(weightOf('sick', 'ill')).toBe(1);
    expect(weightOf('sick', 'vomit') ?? 0).toBeLessThan(0.5);
  });

  it('takes names only for a capitalised word', () => {
    expect(weightOf('US', 'united states')).toBe(1);
    expect(thesaurus.related('born').map((entry) => entry.word)).not.toContain('max born');
  });

  it('never returns the word itself, and nothing for unknown words', () => {
    expect(thesaurus.related('sick').map((entry) => entry.word)).not.toContain('sick');
    expect(thesaurus.related('qwxzptl')).toEqual([]);
    expect(thesaurus.related('   ')).toEqual([]);
  });

  it('returns strongest first, with weights in (0, 1]', () => {
    const related = thesaurus.related('pension');
    expect(related.length).toBeGreaterThan(0);
    for (const [index, entry] of related.entries()) {
      expect(entry.weight).toBeGreaterThan(0);
      expect(entry.weight).toBeLessThanOrEqual(1);
      expect(entry.weight).toBeLessThanOrEqual(related[index - 1]?.weight ?? 1);
    }
  });

  describe('defining', () => {
    const definingWeight = (word: string, defining: string): number | undefined =>
      thesaurus.defining(word).find((entry) => entry.word === defining)?.weight;

    it("gives the words of the commonest sense's definition, well below a synonym", () => {
      // "eyeglasses": "optical instrument consisting of a frame that holds a pair of lenses for
      // correcting defective vision or protecting the eyes"
      const vision = definingWeight('eyeglasses', 'vision');
      expect(vision).toBeGreaterThan(0);
      expect(vision).toBeLessThan(0.5);
      expect(definingWeight('eyeglasses', 'lenses')).toBeGreaterThan(0);
      expect(definingWeight('daycare', 'parents')).toBeGreaterThan(0);
    });

    it('leaves out stopwords, the words that frame a definition, and the word itself', () => {
      const words = thesaurus.defining('eyeglasses').map((entry) => entry.word);
      expect(words).not.toContain('consisting');
      expect(words).not.toContain('that');
      expect(words).not.toContain('eyeglasses');
      expect(thesaurus.defining('daycare').map((entry) => entry.word)).not.toContain('care');
    });

    it('weights a rare word of the definition above a common one', () => {
      // "paycheck": "a check issued in payment of wages or salary"
      expect(definingWeight('paycheck', 'salary') ?? 0).toBeGreaterThan(
        definingWeight('paycheck', 'issued') ?? 1,
      );
    });

    it('returns strongest first, and nothing for unknown or empty words', () => {
      const defining = thesaurus.defining('paycheck');
      expect(defining.length).toBeGreaterThan(0);
      for (const [index, entry] of defining.entries()) {
        expect(entry.weight).toBeGreaterThan(0);
        expect(entry.weight).toBeLessThanOrEqual(defining[index - 1]?.weight ?? 1);
      }
      expect(thesaurus.defining('qwxzptl')).toEqual([]);
      expect(thesaurus.defining('  ')).toEqual([]);
    });
  });

  describe('specificity', () => {
    it('ranks the commonest words of a question below the words that say what it is about', () => {
      for (const common of ['take', 'see', 'time', 'allowed']) {
        for (const specific of ['dog', 'salary', 'tuition', 'paycheck']) {
          expect(thesaurus.specificity(common)).toBeLessThan(thesaurus.specificity(specific));
        }
      }
      expect(thesaurus.specificity('take')).toBeLessThan(0.1);
    });

    it('reads inflected forms as their base word, and phrases as one entry', () => {
      expect(thesaurus.specificity('taken')).toBeCloseTo(thesaurus.specificity('take'), 2);
      expect(thesaurus.specificity('Salaries')).toBeCloseTo(thesaurus.specificity('salary'), 2);
      // "time off" is a phrase of its own, far rarer than "time".
      expect(thesaurus.specificity('time off')).toBeGreaterThan(thesaurus.specificity('time'));
    });

    it('takes a word it never saw, or an empty one, as fully specific', () => {
      expect(thesaurus.specificity('qwxzptl')).toBe(1);
      expect(thesaurus.specificity('  ')).toBe(1);
      for (const word of ['take', 'dog', 'time off']) {
        expect(thesaurus.specificity(word)).toBeGreaterThan(0);
        expect(thesaurus.specificity(word)).toBeLessThanOrEqual(1);
      }
    });
  });
});
