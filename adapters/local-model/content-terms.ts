import stemmer from 'wink-porter2-stemmer';

/**
 * Function words and conversational filler. Deliberately a separate, small list from the local
 * index's: this adapter must work over passages from any knowledge base, and it only needs to know
 * which words of a question carry its content.
 */
const STOPWORDS: ReadonlySet<string> = new Set(
  `
a about above after again against all also am an and any anyone anything are aren as at be because been
before being below between both but by can cannot could couldn d did didn do does doesn doing don down
during each either else ever every few for from further get gets getting got had hadn has hasn have
haven having he her here hers herself him himself his how however i if in into is isn it its itself
just know let like ll lot lots m ma many may me might more most much must my myself needn neither no
nor not now o of off ok okay on once only or other our ours ourselves out over own please re really s
same shan she should shouldn so some someone something such t tell than thank thanks that the their
theirs them themselves then there these they thing things this those through to too under until up
upon us ve very want wants was wasn way we were weren what whatever when where whether which while
who whom whose why will with won would wouldn y yet you your yours yourself yourselves
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/** A word with its hyphenated parts ("set-up", "co-working") and an apostrophe ending ("you're"). */
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*(?:['’][\p{L}]+)?/gu;

/**
 * The stemmed content words of a text, in order, repeats kept. A hyphenated compound yields its
 * parts and, when they are all letters, the joined form too, so "set-up" meets "setup" and
 * "co-working" meets "coworking", as in the local index.
 */
export function contentTerms(text: string): string[] {
  return wordsOf(text).flatMap((word) => {
    const { parts, joined } = wordTerms(word);
    return joined === undefined || parts.includes(joined) ? parts : [...parts, joined];
  });
}

/**
 * The content terms of one word: the terms of its hyphenated parts (one part for a plain word),
 * and for a compound of letters ("company-wide") the term of the joined form.
 */
function wordTerms(word: string): { readonly parts: string[]; readonly joined?: string } {
  const pieces = word.replace(/['’].*$/, '').split('-');
  const parts = pieces.flatMap((piece) => contentTerm(piece) ?? []);
  const joined =
    pieces.length > 1 && pieces.every((piece) => /^\p{L}+$/u.test(piece)) ? contentTerm(pieces.join('')) : undefined;
  return joined === undefined ? { parts } : { parts, joined };
}

/** The words of a text as `contentTerms` reads them, stopwords included. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFKC').match(WORD) ?? [];
}

function contentTerm(raw: string): string | undefined {
  const isAcronym = raw.length >= 2 && /^[\p{Lu}\p{N}]+$/u.test(raw) && /\p{Lu}/u.test(raw);
  const word = raw.toLowerCase();
  if ((!isAcronym && STOPWORDS.has(word)) || (word.length < 2 && !/\p{N}/u.test(word))) {
    return undefined;
  }
  return /^\p{L}+$/u.test(word) ? stemmer(word) : word;
}

export function contentTermSet(text: string): Set<string> {
  return new Set(contentTerms(text));
}
