import { isBlockedAddress } from './blocked-addresses.js';

/*
 * A webhook URL is written in the catalogue with placeholders. Where it goes (scheme, host and
 * port) is the catalogue's alone: placeholders may fill path segments and query values only,
 * each value URI-encoded, and a value that would climb the path (`.`, `..`) or empty a segment
 * is refused, so no parameter can steer the call to another host or another endpoint.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;
const HAS_PLACEHOLDER = /\{\{/;
const SHAPE = /^(https?):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i;

/** What is wrong with the URL template; empty when it is fine. */
export function urlTemplateProblems(template: string): string[] {
  const shape = SHAPE.exec(template);
  if (shape === null) {
    return ['url: must be an http or https URL'];
  }
  const [, , authority = '', , query, fragment] = shape;
  const problems: string[] = [];
  if (HAS_PLACEHOLDER.test(authority)) {
    problems.push(
      'url: the scheme, host and port cannot contain placeholders; put them in the path or query values',
    );
  }
  if (authority.includes('@')) {
    problems.push('url: user information is not allowed in the URL; put credentials under secretHeaders');
  }
  if (fragment !== undefined && HAS_PLACEHOLDER.test(fragment)) {
    problems.push('url: placeholders cannot be in the fragment');
  }
  for (const pair of (query ?? '').replace(/^\?/, '').split('&')) {
    const key = pair.split('=')[0] ?? '';
    if (HAS_PLACEHOLDER.test(key)) {
      problems.push(`url: the query parameter name "${key}" cannot contain placeholders; only values can`);
    }
  }
  const sample = template.replace(PLACEHOLDER, 'x');
  if (!URL.canParse(sample)) {
    problems.push('url: must be an http or https URL');
  } else if (isBlockedAddress(new URL(sample).hostname)) {
    problems.push('url: link-local and cloud metadata addresses are never called');
  }
  return problems;
}

/** A parameter value that cannot go into the URL; the request fails without calling anything. */
export class UrlValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UrlValueError';
  }
}

/**
 * The URL with each placeholder replaced by its URI-encoded text (`text` gives a value's text).
 * Throws UrlValueError for a value that would leave its path segment or change where the call goes.
 */
export function renderUrlTemplate(template: string, text: (path: string) => string): URL {
  const shape = SHAPE.exec(template);
  if (shape === null) {
    throw new UrlValueError('the URL is not an http or https URL');
  }
  const [, scheme = '', authority = '', path = '', query, fragment] = shape;
  const segments = path.split('/').map((segment) => {
    const filled = segment.replace(PLACEHOLDER, (_match, name: string) => {
      const value = text(name);
      if (value === '' || value === '.' || value === '..') {
        throw new UrlValueError(`{{ ${name} }} cannot be "${value}" in the URL path`);
      }
      return encodeURIComponent(value);
    });
    if (HAS_PLACEHOLDER.test(segment) && /^(?:\.|%2e){1,2}$/i.test(filled)) {
      throw new UrlValueError(`a URL path segment cannot be "${filled}"`);
    }
    return filled;
  });
  const filledQuery = (query ?? '').replace(PLACEHOLDER, (_match, name: string) =>
    encodeURIComponent(text(name)),
  );
  const rendered = new URL(`${scheme}://${authority}${segments.join('/')}${filledQuery}${fragment ?? ''}`);
  const expected = new URL(template.replace(PLACEHOLDER, 'x'));
  if (rendered.origin !== expected.origin) {
    throw new UrlValueError('the filled URL would go to another host');
  }
  return rendered;
}
