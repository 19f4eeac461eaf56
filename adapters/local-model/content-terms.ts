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

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** The stemmed content words of a text, in order, repeats kept. */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.normalize('NFKC').matchAll(WORD)) {
    const raw = match[0].replace(/['’].*$/, '');
    const isAcronym = raw.length >= 2 && /^[\p{Lu}\p{N}]+$/u.test(raw) && /\p{Lu}/u.test(raw);
    const word = raw.toLowerCase();
    if ((!isAcronym && STOPWORDS.has(word)) || (word.length < 2 && !/\p{N}/u.test(word))) {
      continue;
    }
    terms.push(/^\p{L}+$/u.test(word) ? stemmer(word) : word);
  }
  return terms;
}

export function contentTermSet(text: string): Set<string> {
  return new Set(contentTerms(text));
}
