import type { Answer, Passage } from '../../src/conversation/types.js';
import type { AnswerRequest } from '../../src/ports/language-model.js';
import type { Thesaurus } from '../../src/ports/thesaurus.js';
import { analyzeText, termSet } from '../../src/text/text-analysis.js';
import { expectedAnswerType, holdsAnswerType } from './answer-type.js';
import { holdsName, namesIn } from './question-names.js';
import { conceptCredit, questionConcepts, type QuestionConcept } from './question-concepts.js';
import { sentencesOf } from './sentences.js';
import { DEFAULT_ANSWER_OPTIONS, type AnswerOptions } from './answer-options.js';
import { type Candidate, relatedCitations, render } from './cite-passages.js';

export { DEFAULT_ANSWER_OPTIONS, type AnswerOptions } from './answer-options.js';

/** The only words of an unanswered reply; nothing is made up around it. */
export const NOT_FOUND_ANSWER = 'I could not find an answer to that in the knowledge base.';

/**
 * An extractive answer: the sentences of the retrieved passages that best match the question
 * (and, lower, the conversation), quoted verbatim with numbered citations. Nothing is written that
 * is not in a passage. When the passages do not cover the question well enough the answer says so
 * in a fixed sentence instead: a wrong quote presented as an answer is worse than none.
 */
export function composeAnswer(
  request: AnswerRequest,
  options: AnswerOptions = DEFAULT_ANSWER_OPTIONS,
  thesaurus?: Thesaurus,
): Answer {
  const notFound: Answer = { text: NOT_FOUND_ANSWER, citations: [], found: false };
  const passages = request.passages;
  const concepts = questionConcepts(request.question, thesaurus, options.relatedCredit);
  if (passages.length === 0 || concepts.length === 0) {
    return notFound;
  }
  const question = concepts.map((concept) => concept.term);

  const passageTerms = passages.map((passage) => termSet(`${passage.title}\n${passage.text}`));
  const headingTerms = passages.map((passage) =>
    termSet([passage.title, ...passage.headingPath].join('\n')),
  );
  const weights = termWeights(concepts, passageTerms);
  // Whether the passages answer at all is judged with the words' general specificity; which
  // sentences answer best, among passages that do, with the passages' own weights alone: there
  // a common word of the question ("how many *years*") still tells one sentence from another.
  const share = coverageBy(concepts, (concept) => (weights.get(concept.term) ?? 0) * concept.specificity);
  const sentenceShare = coverageBy(concepts, (concept) => weights.get(concept.term) ?? 0);

  // A long section is indexed in several chunks, and retrieval may bring two of them: each is judged
  // as the section they make up, both to answer and to choose sentences. The chunk that holds the
  // fact may repeat few of the question's words; the FAQ's "Why is `foo-data' not removed when I
  // uninstall `foo'?" names the game and its data in its first chunk and says what stays in the next.
  const coverage = sectionTermsOf(passages, passageTerms).map((terms) => share(terms));
  const bestCoverage = Math.max(...coverage);
  const refusal = (): Answer => ({
    ...notFound,
    citations: relatedCitations(passages, coverage, sentenceShare, options),
  });
  // Only a thesaurus knows how specific a word is in general English; without one every word
  // counts as fully specific, and a question in other words than its passage would be refused.
  if (thesaurus !== undefined && asksAboutSomethingElse(concepts, passageTerms, options.unmatchedSpecificity)) {
    return refusal();
  }
  // "How do I install Microsoft Office on Debian?" is not answered by passages that say "Microsoft
  // Windows" and "office" apart: a name the question gives in full is in a passage in full.
  const passageTexts = passages.map((passage) => `${passage.title}\n${passage.text}`);
  if (namesIn(request.question).some((name) => !passageTexts.some((text) => holdsName(text, name)))) {
    return refusal();
  }
  const clearWinner =
    (coverage[0] ?? 0) >= options.clearWinnerCoverage && scoreGap(passages) >= options.clearWinnerGap;
  // A question that says what it wants ("how long", "how much") and whose first passage, ahead of
  // the next, holds such a thing in a sentence that shares its words is answered at less coverage:
  // "I live in Massachusetts and need to recover from surgery; how long can I be off?" covers a
  // quarter of the section that gives the number of weeks.
  const answerType = expectedAnswerType(request.question);
  const firstHoldsType =
    answerType !== undefined &&
    sentencesOf(passages[0]?.text ?? '').some(
      (text) => sentenceShare(termSet(text)) > 0 && holdsAnswerType(text, answerType),
    );
  const typedWinner =
    firstHoldsType &&
    (coverage[0] ?? 0) >= options.typedAnswerCoverage &&
    scoreGap(passages) >= options.typedAnswerGap;
  if (bestCoverage < options.minCoverage && !clearWinner && !typedWinner) {
    return refusal();
  }
  if (bestCoverage < options.confidentCoverage && scoreGap(passages) < options.minScoreGap) {
    return refusal();
  }

  const context = [...conversationTerms(request, options.contextTurns)].filter(
    (term) => !question.includes(term),
  );
  const contextShareOf = (terms: ReadonlySet<string>): number =>
    context.length === 0 ? 0 : context.filter((term) => terms.has(term)).length / context.length;
  const headingShares = headingTerms.map((terms) => sentenceShare(terms));
  const ownHeadingShares = passages.map((passage) => sentenceShare(termSet(passage.headingPath.at(-1) ?? '')));
  const candidates: Candidate[] = [];
  passages.forEach((passage, passageIndex) => {
    const headingShare = headingShares[passageIndex] ?? 0;
    const ownHeadingShare = ownHeadingShares[passageIndex] ?? 0;
    sentencesOf(passage.text).forEach((text, position) => {
      const terms = termSet(text);
      const questionShare = sentenceShare(terms);
      const contextShare = contextShareOf(terms);
      candidates.push({
        passageIndex,
        position,
        text,
        matchesQuestion: questionShare > 0,
        score:
          questionShare +
          options.contextWeight * contextShare +
          // A passage found by its heading ("Dental insurance") answers in sentences that need not
          // repeat the heading's words.
          0.25 * headingShare +
          // More for the section whose own heading asks the question ("6.5. What does the testing
          // distribution contain?") than for its subsections, which share the outer headings: the
          // answer is quoted from the section that answers, not one that repeats the question's words.
          0.75 * ownHeadingShare +
          0.5 * (coverage[passageIndex] ?? 0) -
          0.02 * passageIndex -
          0.01 * position +
          // "How many hours is a normal work week?" is answered by the sentence that says how many.
          (answerType !== undefined && questionShare > 0 && holdsAnswerType(text, answerType)
            ? options.answerTypeBonus
            : 0),
      });
    });
  });

  const inSection = answeringSection(candidates, passages);
  const chosen = withContinuations(choose(inSection, options), inSection);
  if (chosen.length === 0) {
    return refusal();
  }
  // A question that asks for an amount, a time or a rate is not answered by sentences that hold
  // none: "What salary does the project leader earn?" matched a passage on donations.
  if (answerType !== undefined && !chosen.some((candidate) => holdsAnswerType(candidate.text, answerType))) {
    return refusal();
  }
  return render(chosen, passages);
}

/**
 * The sentences of the one document the answer quotes: the document of the best sentence, with its
 * other retrieved passages (another section of it may hold the rest of the answer). Quoting the
 * best sentences of every passage mixed documents that each matched a word of the question into
 * one answer; limiting it to the best sentence's section lost "Open GlobalProtect..." for "How do
 * I connect to the VPN?", whose best sentence sits in "When the VPN does not connect".
 */
function answeringSection(candidates: readonly Candidate[], passages: readonly Passage[]): Candidate[] {
  const best = candidates.reduce<Candidate | undefined>(
    (top, candidate) => (top === undefined || candidate.score > top.score ? candidate : top),
    undefined,
  );
  const anchor = best === undefined ? undefined : passages[best.passageIndex];
  return candidates.filter((candidate) => {
    const passage = passages[candidate.passageIndex];
    return passage?.source === anchor?.source;
  });
}

/**
 * A quoted sentence that does not end as a sentence ("execute the command", "run either:")
 * introduces what follows it, usually a command or list on its own line: that comes along.
 */
function withContinuations(chosen: readonly Candidate[], candidates: readonly Candidate[]): Candidate[] {
  const result = [...chosen];
  const neighbour = (candidate: Candidate, step: number): Candidate | undefined =>
    candidates.find(
      (other) => other.passageIndex === candidate.passageIndex && other.position === candidate.position + step,
    );
  for (const candidate of chosen) {
    const next = /[.!?…)"'”’]$/.test(candidate.text) ? undefined : neighbour(candidate, 1);
    // A sentence that opens by pointing back ("Such packages...", "However, ...") is read with the
    // one it points to, which often holds the fact ("dpkg will refuse even to unpack them").
    const previous = POINTS_BACK.test(candidate.text) ? neighbour(candidate, -1) : undefined;
    for (const other of [previous, next]) {
      if (other !== undefined && !result.includes(other)) {
        result.push(other);
      }
    }
  }
  return result.sort((a, b) => a.passageIndex - b.passageIndex || a.position - b.position);
}

const POINTS_BACK =
  /^(?:this|these|that|those|such|it|its|they|their|them|he|she|his|her|however|therefore|thus|hence|otherwise|instead|also|but|so|then)\b/iu;

/**
 * Whether the question holds a specific word that no retrieved passage holds in any form: neither
 * the word, nor a stand-in, nor (for a compound such as "twice-yearly") another term of the same
 * word. Coverage alone cannot see it: a question's other words may all be matched ("How do I reset
 * a forgotten BIOS password on a laptop?" against a section on resetting the root password).
 */
function asksAboutSomethingElse(
  concepts: readonly QuestionConcept[],
  passageTerms: readonly ReadonlySet<string>[],
  minSpecificity: number,
): boolean {
  const matched = (concept: QuestionConcept): boolean =>
    passageTerms.some(
      (terms) => conceptCredit(concept, terms) > 0 || concept.sameWord.some((term) => terms.has(term)),
    );
  return concepts.some((concept) => concept.specificity >= minSpecificity && !matched(concept));
}

/** Each passage's terms together with those of the other retrieved chunks of its section. */
function sectionTermsOf(
  passages: readonly Passage[],
  passageTerms: readonly ReadonlySet<string>[],
): ReadonlySet<string>[] {
  const sections = new Map<string, Set<string>>();
  const keys = passages.map((passage) => `${passage.source}\n${passage.title}`);
  keys.forEach((key, index) => {
    const union = sections.get(key) ?? new Set<string>();
    for (const term of passageTerms[index] ?? []) {
      union.add(term);
    }
    sections.set(key, union);
  });
  return keys.map((key) => sections.get(key) ?? new Set<string>());
}

/**
 * How much each question word should count: words found in few of the retrieved passages are the
 * specific ones (a name, a benefit), words found in all of them are generic. A word found in none
 * gets the highest weight, so a question about something the passages never mention is not taken
 * as answered because its generic words matched. Only the word itself counts here: a word the
 * passages only paraphrase keeps its full weight, so the paraphrase has to be good.
 */
function termWeights(
  concepts: readonly QuestionConcept[],
  passageTerms: readonly ReadonlySet<string>[],
): Map<string, number> {
  const count = passageTerms.length;
  return new Map(
    concepts.map((concept) => {
      const frequency = passageTerms.filter((terms) => terms.has(concept.term)).length;
      return [concept.term, Math.log(1 + (count + 1) / (frequency + 0.5))];
    }),
  );
}

/**
 * The share of the question's weighted content that a set of terms covers. Five passages are too
 * few to tell a common word from a specific one, so for the decision to answer each word's weight
 * is also scaled by its specificity in general English: "take" or "allowed" missing from every
 * passage must not weigh as much as "dog" does.
 */
function coverageBy(
  concepts: readonly QuestionConcept[],
  weight: (concept: QuestionConcept) => number,
): (terms: ReadonlySet<string>) => number {
  const total = concepts.reduce((sum, concept) => sum + weight(concept), 0);
  return (terms) =>
    total === 0
      ? 0
      : concepts.reduce((sum, concept) => sum + conceptCredit(concept, terms) * weight(concept), 0) / total;
}

/** How far the best passage's retrieval score stands above the next, relative to the best. */
function scoreGap(passages: readonly Passage[]): number {
  const [first, second] = [...passages].map((passage) => passage.score).sort((a, b) => b - a);
  if (first === undefined || first <= 0 || second === undefined) {
    return 1;
  }
  return (first - second) / first;
}

function conversationTerms(request: AnswerRequest, turns: number): Set<string> {
  const recent = request.recentTurns.slice(-turns).map((turn) => turn.question);
  return new Set(analyzeText([request.summary, ...recent].join('\n')));
}

function choose(candidates: readonly Candidate[], options: AnswerOptions): Candidate[] {
  const ranked = [...candidates].sort((a, b) => b.score - a.score);
  const best = ranked.find((candidate) => candidate.score > 0);
  if (best === undefined) {
    return [];
  }
  const chosen: Candidate[] = [best];
  const seen = new Set([best.text]);
  let chars = best.text.length;
  // The sentence right after the best one often completes it ("... through MetLife. The company
  // pays 100% of the premium."), so it competes with a bonus.
  const rescored = ranked
    .filter((candidate) => candidate !== best)
    .map((candidate) => ({
      candidate,
      score:
        candidate.score +
        (candidate.passageIndex === best.passageIndex && candidate.position === best.position + 1 ? 0.3 : 0),
    }))
    .sort((a, b) => b.score - a.score);
  for (const { candidate, score } of rescored) {
    if (chosen.length >= options.maxSentences) {
      break;
    }
    if (
      score < best.score * 0.6 ||
      seen.has(candidate.text) ||
      chars + candidate.text.length > options.maxChars
    ) {
      continue;
    }
    if (!candidate.matchesQuestion && candidate.passageIndex !== best.passageIndex) {
      continue;
    }
    chosen.push(candidate);
    seen.add(candidate.text);
    chars += candidate.text.length;
  }
  return chosen.sort((a, b) => a.passageIndex - b.passageIndex || a.position - b.position);
}
