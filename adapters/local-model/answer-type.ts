/**
 * The kind of fact a question asks for, when its question words name one a sentence visibly holds
 * or lacks: "how many" wants an amount, "how long" a length of time, "how often" a rate, "when"
 * a moment, "what year" a date. Other questions ("why", "how do I", "can I") are answered in any
 * words, so they expect no type. Plain English question words only, read as a reader would.
 */
export type AnswerType = 'quantity' | 'duration' | 'frequency' | 'moment' | 'date';

const AUXILIARY =
  '(?:do|does|did|is|are|was|were|will|can|could|should|must|would|may|might|has|have|had|am)';

/**
 * A question word only counts where it opens the question or one of its clauses: "What is the
 * best way to save bandwidth *when* many machines download updates?" asks for a way, not a moment.
 */
const QUESTION_TYPES: readonly [RegExp, AnswerType][] = [
  [/\bhow\s+(?:often|frequently)\b/u, 'frequency'],
  [/\bhow\s+long\b/u, 'duration'],
  [/\bhow\s+(?:many|much|old|big|large|high|far)\b/u, 'quantity'],
  // "What salary...", "What is the fee...", "What does it cost...": amounts without "how much".
  [
    /\b(?:what|which)\s+(?:is\s+|are\s+|was\s+)?(?:the\s+)?(?:cost|price|fee|salary|amount|rate|percentage|maximum|minimum)s?\b/u,
    'quantity',
  ],
  [/\bwhat\s+(?:does|do|will|would)\s+[\w\s'’-]{1,60}?\bcost\b/u, 'quantity'],
  [/\b(?:what|which)\s+(?:year|date|day|weekday|month|time)\b/u, 'date'],
  [new RegExp(`(?:^|[,;:]\\s*)when\\s+${AUXILIARY}\\b|\\band\\s+when\\s*\\?*$`, 'u'), 'moment'],
];

export function expectedAnswerType(question: string): AnswerType | undefined {
  const text = question.normalize('NFKC').toLowerCase().trim();
  return QUESTION_TYPES.find(([pattern]) => pattern.test(text))?.[1];
}

const NUMBER =
  /\p{N}|[$€£¥%]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|half|twice|double|triple|dozen|percent|none|unlimited|no\s+limit)\b/iu;
const TIME_UNIT =
  /\b(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|quarters?|decades?|lifetime|permanent(?:ly)?|indefinite(?:ly)?|forever|immediately|overnight)\b/iu;
const RATE =
  /\b(?:every|each|per|once|twice|daily|weekly|fortnightly|monthly|quarterly|yearly|annual(?:ly)?|hourly|nightly|always|never|regularly|frequently|occasionally|usually|rarely|seldom|sometimes|whenever|times)\b/iu;
const CALENDAR =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekdays?|weekends?|january|february|march|april|may|june|july|august|september|october|november|december|noon|midnight|morning|afternoon|evening|today|tomorrow|yesterday)\b/iu;
const TEMPORAL =
  /\b(?:before|after|during|until|till|within|once|when|whenever|while|since|soon|now|later|early|earlier|late|first|last|next|previous|following|start|starts|end|ends|beginning|prior)\b/iu;

const HOLDS: Readonly<Record<AnswerType, readonly RegExp[]>> = {
  quantity: [NUMBER],
  // "How long should a good password be?": a length need not be time.
  duration: [NUMBER, TIME_UNIT],
  frequency: [NUMBER, RATE, TIME_UNIT],
  date: [NUMBER, CALENDAR],
  moment: [NUMBER, CALENDAR, TIME_UNIT, TEMPORAL],
};

/** Whether a text holds something of the type: an amount, a time span, a rate, a date or a moment. */
export function holdsAnswerType(text: string, type: AnswerType): boolean {
  const normalised = text.normalize('NFKC');
  return HOLDS[type].some((pattern) => pattern.test(normalised));
}
