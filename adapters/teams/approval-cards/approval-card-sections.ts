import { type ApprovalCardView, type CardState, displayName } from '../../../src/approval-rules/approval-card.js';
import type { Person, RiskLevel } from '../../../src/approval-rules/approval-types.js';
import { cut, type Element, heading, labelled, paragraph, run, type RunStyle } from './plain-text.js';

/** How much of the long parts a card shows; smaller levels are used when a card would not fit. */
export interface SectionLimits {
  /** Conversation lines shown as evidence (the latest ones), and characters per line. */
  readonly excerptLines: number;
  readonly excerptChars: number;
  readonly sources: number;
  readonly reasonChars: number;
  /** Characters of one parameter value; beyond it the value is cut and the card says so. */
  readonly parameterChars: number;
}

/** The top of the card: what this is and where it stands, tinted by its state. */
export function headerSection(view: ApprovalCardView): Element {
  return {
    type: 'Container',
    style: stateStyle(view.state),
    bleed: true,
    items: [
      paragraph([run(view.headline, { weight: 'Bolder', size: 'Medium' })]),
      paragraph([run(view.statusLine)], { spacing: 'Small' }),
    ],
  };
}

/**
 * Values the model took from a retrieved document rather than from the requester's words: a
 * planted instruction could have put them there, so the card says so before anyone decides.
 */
export function provenanceWarningSection(view: ApprovalCardView): Element | undefined {
  if (view.warning === undefined) {
    return undefined;
  }
  return {
    type: 'Container',
    style: 'warning',
    spacing: 'Small',
    items: [paragraph([run('Check before deciding: ', { weight: 'Bolder' }), run(view.warning)])],
  };
}

/** A line only the clicker sees: invoke responses replace the card for the person who clicked. */
export function noticeSection(notice: string): Element {
  return {
    type: 'Container',
    style: 'warning',
    spacing: 'Small',
    items: [
      paragraph([run(notice, { weight: 'Bolder' })]),
      {
        type: 'TextBlock',
        text: 'Only you can see this.',
        size: 'Small',
        isSubtle: true,
        spacing: 'None',
        wrap: true,
      },
    ],
  };
}

/** Exactly what will run: the action, where it goes, each parameter as given, and their fingerprint. */
export function whatWillRunSection(view: ApprovalCardView, limits: SectionLimits): Element[] {
  const blocks: Element[] = [
    heading('What will run'),
    paragraph([
      run(view.action.title, { weight: 'Bolder' }),
      run('  '),
      run(view.action.id, { fontType: 'Monospace', isSubtle: true }),
    ]),
    paragraph([run(view.action.target, { fontType: 'Monospace', size: 'Small' })], { spacing: 'None' }),
  ];
  if (view.parameters.length === 0) {
    blocks.push(paragraph([run('No parameters.', { isSubtle: true })], { spacing: 'Small' }));
  }
  const flagged = new Set(view.flaggedParameters?.map((flag) => flag.name));
  for (const parameter of view.parameters) {
    const shown = cut(parameter.value, limits.parameterChars);
    const runs = [
      run(parameter.name, { fontType: 'Monospace', weight: 'Bolder' }),
      run(' = '),
      run(shown, { fontType: 'Monospace' }),
    ];
    if (flagged.has(parameter.name)) {
      runs.push(run('  ⚠ from a document', { color: 'Warning', weight: 'Bolder', size: 'Small' }));
    }
    if (shown !== parameter.value) {
      runs.push(
        run(
          ` (${parameter.value.length - shown.length + 1} more characters not shown; the fingerprint covers all of it)`,
          {
            isSubtle: true,
            size: 'Small',
          },
        ),
      );
    }
    blocks.push(paragraph(runs, { spacing: 'Small' }));
  }
  if (view.missingParameters.length > 0) {
    blocks.push(labelled('Still missing', view.missingParameters.join(', '), { color: 'Attention' }));
  }
  blocks.push(
    paragraph(
      [
        run('Fingerprint (SHA-256): ', { size: 'Small', isSubtle: true }),
        run(view.parametersHash, { fontType: 'Monospace', size: 'Small', isSubtle: true }),
      ],
      { spacing: 'Small' },
    ),
  );
  return blocks;
}

/** Who asked, why, how risky, until when, and every decision so far. */
export function requestSection(view: ApprovalCardView, limits: SectionLimits): Element[] {
  const blocks: Element[] = [
    heading('Request'),
    labelled('Requested by', displayName(view.requester)),
    labelled('Why', view.reason === '' ? '(no reason given)' : cut(view.reason, limits.reasonChars)),
    labelled('Risk', riskLabel(view.risk), { color: riskColor(view.risk), weight: 'Bolder' }),
  ];
  if (view.kind === 'request' || view.approvals.needed > 0) {
    blocks.push(labelled('Approvals', approvalsLine(view)));
  }
  if (view.state === 'proposed' || view.state === 'pending') {
    blocks.push(deadline(view.kind === 'proposal' ? 'Confirm by' : 'Decide by', view.expiresAt));
  }
  if (view.rejection) {
    blocks.push(
      labelled(
        `Rejected by ${displayName(view.rejection.by)}`,
        cut(view.rejection.reason, limits.reasonChars),
        {
          color: 'Attention',
        },
      ),
    );
  }
  if (view.cancelledBecause !== undefined) {
    blocks.push(labelled('Cancelled', view.cancelledBecause));
  } else if (view.cancelledBy) {
    blocks.push(labelled('Cancelled by', displayName(view.cancelledBy)));
  }
  if (view.outcome) {
    blocks.push(
      labelled(
        view.outcome.ok ? 'Result' : view.outcome.unknown === true ? 'Outcome unknown' : 'Failed',
        `${view.outcome.summary} (${view.outcome.attempts === 1 ? '1 attempt' : `${view.outcome.attempts} attempts`})`,
        { color: view.outcome.ok ? 'Good' : view.outcome.unknown === true ? 'Warning' : 'Attention' },
      ),
    );
  }
  return blocks;
}

/** What led to the request: the latest lines of the conversation and the sources cited. */
export function evidenceSection(view: ApprovalCardView, limits: SectionLimits): Element[] {
  const { excerpt, citations } = view.evidence;
  if (excerpt.length === 0 && citations.length === 0) {
    return [];
  }
  const blocks: Element[] = [heading('Evidence')];
  const lines = limits.excerptLines > 0 ? excerpt.slice(-limits.excerptLines) : [];
  if (lines.length < excerpt.length) {
    blocks.push(
      paragraph([
        run(`${excerpt.length - lines.length} earlier messages not shown.`, {
          isSubtle: true,
          size: 'Small',
        }),
      ]),
    );
  }
  for (const line of lines) {
    blocks.push(
      paragraph(
        [
          run(`${line.authorName ?? line.authorId}: `, { weight: 'Bolder', size: 'Small' }),
          run(cut(line.text, limits.excerptChars), { size: 'Small' }),
        ],
        { spacing: 'Small' },
      ),
    );
  }
  const shown = citations.slice(0, limits.sources);
  for (const citation of shown) {
    const style: RunStyle = {
      size: 'Small',
      ...(isWebLink(citation.url) ? { url: citation.url, color: 'Accent' } : {}),
    };
    blocks.push(
      paragraph([run(`[${citation.index}] ${cut(citation.title, 160)}`, style)], { spacing: 'Small' }),
    );
  }
  if (shown.length < citations.length) {
    blocks.push(
      paragraph([
        run(`and ${citations.length - shown.length} more sources`, { isSubtle: true, size: 'Small' }),
      ]),
    );
  }
  return blocks;
}

/** Guidance for the requester, and who each button is for. */
export function footerSection(view: ApprovalCardView): Element[] {
  const blocks: Element[] = [];
  if (view.hint) {
    blocks.push(paragraph([run(view.hint, { isSubtle: true })], { spacing: 'Medium' }));
  }
  const forApprovers = view.buttons.filter((button) => button.audience === 'approvers').map((b) => b.label);
  const forRequester = view.buttons.filter((button) => button.audience === 'requester').map((b) => b.label);
  const parts: string[] = [];
  if (forApprovers.length > 0) {
    parts.push(`${forApprovers.join(' and ')} ${forApprovers.length === 1 ? 'is' : 'are'} for the approvers`);
  }
  if (forRequester.length > 0) {
    parts.push(
      `${forRequester.join(' and ')} ${forRequester.length === 1 ? 'is' : 'are'} for ${displayName(view.requester)}`,
    );
  }
  if (parts.length > 0) {
    blocks.push(
      paragraph([run(`${parts.join('; ')}.`, { isSubtle: true, size: 'Small' })], { spacing: 'Medium' }),
    );
  }
  return blocks;
}

/** The deadline in each viewer's own time zone (Teams formats DATE and TIME), with UTC beside it. */
function deadline(label: string, at: Date): Element {
  const iso = `${at.toISOString().slice(0, 19)}Z`;
  return {
    type: 'TextBlock',
    text: `**${label}:** {{DATE(${iso}, SHORT)}} {{TIME(${iso})}} (${iso.slice(0, 16).replace('T', ' ')} UTC)`,
    wrap: true,
    spacing: 'Small',
  };
}

function approvalsLine(view: ApprovalCardView): string {
  const { given, needed } = view.approvals;
  if (needed === 0) {
    return 'none needed';
  }
  const names = given.map((approval) => displayName(approval.by));
  return `${given.length} of ${needed}${names.length > 0 ? ` (${names.join(', ')})` : ''}`;
}

function riskLabel(risk: RiskLevel): string {
  switch (risk) {
    case 'low':
      return 'Low';
    case 'medium':
      return 'Medium';
    case 'high':
      return 'High';
  }
}

function riskColor(risk: RiskLevel): RunStyle['color'] {
  switch (risk) {
    case 'low':
      return 'Good';
    case 'medium':
      return 'Warning';
    case 'high':
      return 'Attention';
  }
}

function stateStyle(state: CardState): string {
  switch (state) {
    case 'proposed':
    case 'pending':
    case 'approved':
    case 'executing':
      return 'accent';
    case 'succeeded':
      return 'good';
    case 'failed':
    case 'rejected':
      return 'attention';
    case 'expired':
    case 'unknown':
      return 'warning';
    case 'cancelled':
    case 'dismissed':
      return 'emphasis';
  }
}

/** The people whose view of a card Teams refreshes even in channels too large to refresh for all. */
export function peopleOf(view: ApprovalCardView): Person[] {
  return [
    view.requester,
    ...view.approvals.given.map((approval) => approval.by),
    ...(view.rejection ? [view.rejection.by] : []),
    ...(view.cancelledBy ? [view.cancelledBy] : []),
  ];
}

function isWebLink(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//iu.test(url) && URL.canParse(url);
}
