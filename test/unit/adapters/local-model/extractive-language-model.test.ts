import { describe, expect, it } from 'vitest';
import { ExtractiveLanguageModel, NOT_FOUND_ANSWER } from '../../../../adapters/local-model/index.js';
import type { Passage } from '../../../../src/conversation/types.js';
import { countTokens } from '../../../../src/conversation/token-count.js';
import { MapThesaurus } from '../../../fakes/map-thesaurus.js';
import { buildTurn } from '../../../support/builders.js';

function passage(overrides: Partial<Passage> & Pick<Passage, 'id' | 'text'>): Passage {
  return { source: `${overrides.id}.md`, title: overrides.id, headingPath: [], score: 5, ...overrides };
}

const dental = passage({
  id: 'dental',
  title: 'Benefits › Dental Insurance',
  headingPath: ['Benefits', 'Dental Insurance'],
  text: 'Dental insurance is provided through MetLife. The company pays 100% of the premium. Open enrollment is in November.',
  score: 9,
});
const vision = passage({
  id: 'vision',
  title: 'Benefits › Vision Insurance',
  headingPath: ['Benefits', 'Vision Insurance'],
  text: 'Vision insurance is provided through MetLife. The company pays 100% of the premium.',
  score: 4,
});
const sick = passage({
  id: 'sick',
  title: 'Benefits › Paid Sick Time',
  headingPath: ['Benefits', 'Paid Sick Time'],
  text: "When you're sick, please notify your manager as soon as you know you'll be out. We don't track sick days.",
  score: 6,
});

const model = new ExtractiveLanguageModel();
const ask = (question: string, passages: readonly Passage[], chosen = model) =>
  chosen.answer({ question, passages, summary: '', recentTurns: [] });

describe('ExtractiveLanguageModel.answer', () => {
  it('quotes the best sentences verbatim with a numbered citation', async () => {
    const answer = await ask('Who provides dental insurance?', [dental, vision]);
    expect(answer.found).toBe(true);
    expect(answer.text).toMatch(/^Dental insurance is provided through MetLife\..* \[1\]$/s);
    expect(answer.citations).toEqual([
      expect.objectContaining({
        index: 1,
        source: 'dental.md',
        title: 'Benefits › Dental Insurance',
        score: 9,
      }),
    ]);
    expect(dental.text).toContain(answer.citations[0]?.snippet);
  });

  it('numbers citations in the order their markers first appear', async () => {
    const answer = await ask('Does the company pay the dental and vision insurance premium?', [
      dental,
      vision,
    ]);
    const markers = [...answer.text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(markers.length).toBeGreaterThan(0);
    expect([...new Set(markers)]).toEqual(answer.citations.map((citation) => citation.index));
    expect(answer.citations.map((citation) => citation.index)).toEqual(
      answer.citations.map((_, index) => index + 1),
    );
  });

  it('says it could not find an answer when nothing was retrieved', async () => {
    expect(await ask('Who provides dental insurance?', [])).toEqual({
      text: NOT_FOUND_ANSWER,
      citations: [],
      found: false,
    });
  });

  it('says it could not find an answer when the passages do not cover the question', async () => {
    const answer = await ask('How many parking spaces are there at headquarters?', [dental, vision, sick]);
    expect(answer).toEqual({ text: NOT_FOUND_ANSWER, citations: [], found: false });
  });

  it('does not take a question of filler words as answered', async () => {
    expect((await ask('What is it?', [dental])).found).toBe(false);
  });

  it('accepts a passage that says the question in other words only when a thesaurus relates them', async () => {
    const question = 'I am ill, who should I notify?';
    expect((await ask(question, [sick, dental])).found).toBe(false);
    const withThesaurus = new ExtractiveLanguageModel({
      thesaurus: new MapThesaurus({ ill: [{ word: 'sick', weight: 1 }] }),
    });
    const answer = await ask(question, [sick, dental], withThesaurus);
    expect(answer.found).toBe(true);
    expect(answer.text).toContain(
      "When you're sick, please notify your manager as soon as you know you'll be out.",
    );
    expect(answer.citations[0]?.source).toBe('sick.md');
  });

  it('reads a hyphenated word as the same word written solid, as the index does', async () => {
    const setUp = passage({
      id: 'setup',
      title: 'Benefits › Home Office Set-up',
      headingPath: ['Benefits', 'Home Office Set-up'],
      text: 'During your first year, you can expense up to $3,000 on a new desk and chair.',
      score: 9,
    });
    const answer = await ask('How much can I expense for my office setup?', [setUp, dental]);
    expect(answer.found).toBe(true);
    expect(answer.citations[0]?.source).toBe('setup.md');
  });

  it("does not let the question's common words decide whether the passages answer it", async () => {
    const coworking = passage({
      id: 'coworking',
      text: '37signals will pay up to $200/month towards renting coworking space.',
      score: 8,
    });
    const question = 'Am I allowed to get help paying for coworking space?';
    // Taken as specific, "allowed" and "help" are missing from every passage: not answered.
    expect((await ask(question, [coworking, dental])).found).toBe(false);
    const knowsCommonWords = new ExtractiveLanguageModel({
      thesaurus: new MapThesaurus({}, { allowed: 0.2, help: 0.15, paying: 0.3 }),
    });
    const answer = await ask(question, [coworking, dental], knowsCommonWords);
    expect(answer.found).toBe(true);
    expect(answer.text).toContain('37signals will pay up to $200/month towards renting coworking space.');
    // A specific word the passages never mention still makes it unanswered.
    const dogSitter = await ask('Am I allowed to get help paying for a dog sitter?', [coworking, dental], knowsCommonWords);
    expect(dogSitter.found).toBe(false);
  });

  it('answers from a passage far ahead of the rest that covers the question only in part, and refuses it when others score close', async () => {
    // "refunded" is in no passage, so the first one covers just under half of the question.
    const commute = passage({
      id: 'commute',
      text: 'Ferry tickets for the commute are paid back by the office.',
      score: 9,
    });
    const party = passage({ id: 'party', text: 'Each ticket for the staff party is free.', score: 2 });
    const question = 'Is the ferry ticket refunded?';

    const clearWinner = await ask(question, [commute, party]);
    expect(clearWinner.found).toBe(true);
    expect(clearWinner.text).toBe('Ferry tickets for the commute are paid back by the office. [1]');

    const closeRace = await ask(question, [commute, { ...party, score: 8 }]);
    expect(closeRace.found).toBe(false);
  });

  it('judges two retrieved chunks of one section together', async () => {
    const section = { source: 'remote.md', title: 'Remote work › Equipment', headingPath: ['Remote work', 'Equipment'] };
    const first = passage({ id: 'first', ...section, text: 'Remote staff may work from a coworking space.', score: 7 });
    const second = passage({ id: 'second', ...section, text: 'A desk allowance can be claimed once a year.', score: 7 });
    const answer = await ask('Can remote coworking staff claim a desk allowance?', [first, second, { ...dental, score: 7 }]);
    // Each chunk holds half of the question; the section they make up holds all of it.
    expect(answer.found).toBe(true);
    expect(answer.text).toContain('A desk allowance can be claimed once a year.');
    expect(answer.citations.every((citation) => citation.source === 'remote.md')).toBe(true);
  });

  it('refuses when a specific word of the question is in no passage, however much of the rest they cover', async () => {
    const rootPassword = passage({
      id: 'root-password',
      text: 'To reset a forgotten root password, boot from rescue media and edit the shadow file.',
      score: 20,
    });
    const question = 'How do I reset a forgotten password on a laptop?';
    // Every word counts as fully specific here, so "laptop" is a word no passage is about.
    const everyWordSpecific = new ExtractiveLanguageModel({ thesaurus: new MapThesaurus({}) });
    const refused = await ask(question, [rootPassword, dental], everyWordSpecific);
    expect(refused.found).toBe(false);
    expect(refused.citations.map((citation) => citation.source)).toEqual(['root-password.md']);
    // A common enough word may be missing: the passage still answers the rest of the question.
    const laptopIsCommon = new ExtractiveLanguageModel({ thesaurus: new MapThesaurus({}, { laptop: 0.5 }) });
    expect((await ask(question, [rootPassword, dental], laptopIsCommon)).found).toBe(true);
  });

  it('takes a compound of the question as present when the passage writes its parts apart', async () => {
    const meetups = passage({ id: 'meetups', text: 'The company meets twice a year in a different city.', score: 20 });
    const model = new ExtractiveLanguageModel({ thesaurus: new MapThesaurus({}) });
    // "twice-yearly" is also read as "twiceyear", which no passage holds; its parts are there.
    const answer = await ask('Where does the company meet twice-yearly?', [meetups, dental], model);
    expect(answer.found).toBe(true);
    expect(answer.text).toContain('The company meets twice a year in a different city.');
  });

  it("fills a refusal's snippet with shorter sentences when the next best does not fit", async () => {
    const boats = passage({
      id: 'boats',
      text: [
        'The summer party is held every year on the last Friday of June at a venue chosen by the social committee, which announces it in the staff newsletter together with the programme, the menu and the dress code.',
        'Guests of the summer party who come from abroad may ask the social committee for help with their travel arrangements, hotel bookings and visas well before the date.',
        'Dogs stay home.',
      ].join(' '),
      score: 6,
    });
    const other = passage({ id: 'other', text: 'The office is open on weekdays.', score: 5 });
    const answer = await ask('May I bring my dog to the summer party on the river boat cruise?', [boats, other]);
    expect(answer.found).toBe(false);
    const snippet = answer.citations[0]?.snippet ?? '';
    expect(snippet).toContain('The summer party is held every year');
    expect(snippet).toContain('Dogs stay home.');
  });

  it('never starts a quote inside a sentence that has an exclamation in quotes', async () => {
    const sentry = passage({
      id: 'sentry',
      text: 'We track programming exceptions on Sentry. When a customer hits a "Oops, something went wrong!" screen, that means there is an entry in Sentry explaining why.',
    });
    const answer = await ask('What does an entry in Sentry explain?', [sentry]);
    expect(answer.found).toBe(true);
    expect(answer.text).toContain(
      'When a customer hits a "Oops, something went wrong!" screen, that means there is an entry',
    );
    expect(answer.text).not.toMatch(/(^|\. )screen, that means/);
  });

  it('refuses a question asking for an amount when the sentences it would quote hold none', async () => {
    const leader = passage({
      id: 'leader',
      title: 'The project leader',
      text: "The project leader earns a salary from the project's funds. The leader is elected by the developers.",
      score: 9,
    });
    const question = 'What salary does the project leader earn?';
    // The words all match, but no sentence says how much.
    expect((await ask('Does the project leader earn a salary?', [leader, dental])).found).toBe(true);
    const unknown = await ask(question, [leader, dental]);
    expect(unknown.found).toBe(false);
    expect(unknown.citations[0]?.source).toBe('leader.md');
    const amount = passage({ ...leader, text: `${leader.text} The salary is 1,000 EUR a month.` });
    const answer = await ask(question, [amount, dental]);
    expect(answer.found).toBe(true);
    expect(answer.text).toContain('The salary is 1,000 EUR a month.');
  });

  it('answers a question asking for a time span from a first passage far ahead that holds one, at less coverage', async () => {
    const medical = passage({
      id: 'medical',
      text: 'Medical leave in Lisbon lasts at most 16 weeks.',
      score: 15,
    });
    // The passage holds two of the question's five words.
    const answer = await ask('I had surgery in Lisbon; how long can my recovery leave be?', [medical, dental]);
    expect(answer.found).toBe(true);
    expect(answer.text).toContain('at most 16 weeks');
    // Asking for no time span, or from a passage that names none, the same coverage is too little.
    expect((await ask('I had surgery in Lisbon; can my recovery leave be paid?', [medical, dental])).found).toBe(
      false,
    );
    const unnamed = passage({ ...medical, text: 'Medical leave in Lisbon is paid by the state.' });
    expect(
      (await ask('I had surgery in Lisbon; how long can my recovery leave be?', [unnamed, dental])).found,
    ).toBe(false);
  });

  it('refuses when a name the question gives in full is in no passage as written', async () => {
    const samba = passage({
      id: 'samba',
      title: 'Samba',
      text: 'Samba shares files with Microsoft Windows machines in the office. Install it with apt.',
      score: 9,
    });
    expect((await ask('How do I install Samba for Microsoft Windows?', [samba, dental])).found).toBe(true);
    const office = await ask('How do I install Microsoft Office for Samba?', [samba, dental]);
    expect(office.found).toBe(false);
    expect(office.citations[0]?.source).toBe('samba.md');
  });

  it('uses the earlier questions to pick sentences for a follow-up', async () => {
    const answer = await model.answer({
      question: 'and for vision?',
      passages: [vision, dental],
      summary: '',
      recentTurns: [
        buildTurn({
          question: 'Who provides dental insurance?',
          answer: 'Dental insurance is provided through MetLife. [1]',
        }),
      ],
    });
    expect(answer.found).toBe(true);
    expect(answer.text).toContain('Vision insurance is provided through MetLife.');
    expect(answer.citations[0]?.source).toBe('vision.md');
  });
});

describe('ExtractiveLanguageModel.summarize', () => {
  const turns = [
    buildTurn({
      author: { id: 'U1', name: 'Ann' },
      question: 'Who provides dental insurance? I just joined.',
      answer: 'Dental insurance is provided through MetLife. The company pays 100% of the premium. [1]',
    }),
    buildTurn({
      author: { id: 'U2', name: 'Bo' },
      question: 'Can I bring my dog?',
      answer: NOT_FOUND_ANSWER,
      found: false,
    }),
    buildTurn({
      author: { id: 'U3' },
      question: 'When is open enrollment?',
      answer: 'Open enrollment is in November. [1]',
    }),
  ];

  it('keeps who said what, quoting each line from the turn it summarises', async () => {
    const summary = await model.summarize({ previousSummary: '', turns, maxTokens: 400 });
    expect(summary.split('\n')).toEqual([
      'Ann: Who provides dental insurance?',
      'Steward: Dental insurance is provided through MetLife.',
      'Bo: Can I bring my dog?',
      'Steward: found no answer in the knowledge base.',
      'U3: When is open enrollment?',
      'Steward: Open enrollment is in November.',
    ]);
  });

  it('adds to the previous summary and stays within its token budget, dropping the least useful lines first', async () => {
    const previousSummary = 'Cy: How do I book travel?\nSteward: Book flights through the travel desk.';
    const full = await model.summarize({ previousSummary, turns, maxTokens: 400 });
    expect(full.startsWith(previousSummary)).toBe(true);

    const budget = countTokens(full) - 10;
    const short = await model.summarize({ previousSummary, turns, maxTokens: budget });
    expect(countTokens(short)).toBeLessThanOrEqual(budget);
    // The unanswered exchange tells a follow-up the least, so it goes before any answered one.
    expect(short).not.toContain('found no answer');
    expect(short).toContain('Ann: Who provides dental insurance?');
    for (const line of short.split('\n')) {
      expect(full.split('\n')).toContain(line);
    }
  });

  it('returns an empty summary for a zero budget', async () => {
    expect(await model.summarize({ previousSummary: 'Ann: hello', turns, maxTokens: 0 })).toBe('');
  });
});
