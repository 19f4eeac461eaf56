import type { ActionRun } from '../../src/ports/action-executor.js';
import { renderUrlTemplate } from './url-template.js';

/*
 * A webhook body is written in the catalogue as YAML/JSON with placeholders. A string that is
 * exactly one placeholder ("{{ parameters.count }}") becomes the value itself, keeping its type;
 * placeholders inside longer strings are replaced by their text. Paths are checked at start.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}$/;

export const REQUEST_FIELDS = [
  'id',
  'action',
  'reason',
  'requester',
  'requesterName',
  'approvers',
  'parametersHash',
  'platform',
  'tenant',
] as const;

/** Every placeholder path in the template that does not name a parameter or request field. */
export function unknownPlaceholders(template: unknown, parameterNames: readonly string[]): string[] {
  const known = new Set([
    ...parameterNames.map((name) => `parameters.${name}`),
    ...REQUEST_FIELDS.map((field) => `request.${field}`),
    'parameters',
  ]);
  const unknown: string[] = [];
  visitStrings(template, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const path = match[1] ?? '';
      if (!known.has(path)) {
        unknown.push(path);
      }
    }
  });
  return [...new Set(unknown)];
}

export function renderTemplate(template: unknown, run: ActionRun): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole?.[1] !== undefined) {
      return lookup(whole[1], run) ?? null;
    }
    return template.replace(PLACEHOLDER, (_match, path: string) => asText(lookup(path, run)));
  }
  if (Array.isArray(template)) {
    return template.map((item) => renderTemplate(item, run));
  }
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(
      Object.entries(template).map(([key, value]) => [key, renderTemplate(value, run)]),
    );
  }
  return template;
}

/** The body sent when the catalogue gives none: everything a receiver needs to act and to audit. */
export function defaultBody(run: ActionRun): Record<string, unknown> {
  return {
    requestId: run.requestId,
    action: run.actionId,
    parameters: run.parameters,
    parametersHash: run.parametersHash,
    reason: run.reason,
    requestedBy: run.requester,
    approvedBy: run.approvers,
  };
}

function lookup(path: string, run: ActionRun): unknown {
  if (path === 'parameters') {
    return run.parameters;
  }
  if (path.startsWith('parameters.')) {
    return run.parameters[path.slice('parameters.'.length)];
  }
  switch (path) {
    case 'request.id':
      return run.requestId;
    case 'request.action':
      return run.actionId;
    case 'request.reason':
      return run.reason;
    case 'request.requester':
      return run.requester.userId;
    case 'request.requesterName':
      return run.requester.name ?? run.requester.userId;
    case 'request.approvers':
      return run.approvers.map((approver) => approver.userId);
    case 'request.parametersHash':
      return run.parametersHash;
    case 'request.platform':
      return run.requester.platform;
    case 'request.tenant':
      return run.requester.tenantId;
    default:
      return undefined;
  }
}

/** The URL with each placeholder's text URI-encoded, in the places url-template.ts allows. */
export function renderUrl(template: string, run: ActionRun): URL {
  return renderUrlTemplate(template, (path) => asText(lookup(path, run)));
}

function asText(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') {
    visit(value);
  } else if (Array.isArray(value)) {
    value.forEach((item) => visitStrings(item, visit));
  } else if (value !== null && typeof value === 'object') {
    Object.values(value).forEach((item) => visitStrings(item, visit));
  }
}
