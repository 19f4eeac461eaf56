/**
 * Common English function words, and the filler of conversational questions ("can I get", "how
 * much", "please tell me"). They occur in nearly every passage, so matching them says nothing
 * about relevance and only adds noise to BM25 scores. Contraction stems ("don" from "don't") are here
 * because the tokenizer cuts words at the apostrophe.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `
a about above after again against all also am an and any anyone anything are aren as at
be because been before being below between both but by
can cannot could couldn
d did didn do does doesn doing don down during
each either else ever every
few for from further
get gets getting got
had hadn has hasn have haven having he her here hers herself him himself his how however
i if in into is isn it its itself
just
know
let like ll lot lots
m ma many may me might mightn more most much must mustn my myself
needn neither no nor not now
o of off ok okay on once only or other our ours ourselves out over own
please
re
really
s same shan she should shouldn so some someone something such
t tell than thank thanks that the their theirs them themselves then there these they thing things this those through to too
under until up upon us
ve very
want wants was wasn way we were weren what whatever when where whether which while who whom whose why will with won would wouldn
y yet you your yours yourself yourselves
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
