/**
 * What an HTML page repeats around its content rather than says: navigation bars, tables of
 * contents, breadcrumbs, sidebars and footers. Generated manuals (DocBook, Sphinx, Texinfo) mark
 * them with roles and class names rather than with <nav> and <footer>; left in, every chapter's
 * "Prev / Next / Chapter 4. Authentication" and its list of section titles become chunks that
 * match questions by their headings' words and say nothing.
 */

/** Elements whose content is never knowledge: code, styling, navigation and page chrome. */
const FURNITURE_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'nav',
  'footer',
  'button',
  'select',
]);

/** ARIA roles of navigation and page chrome (doc-toc is the DPUB role of a table of contents). */
const FURNITURE_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'search',
  'doc-toc',
  'menu',
  'menubar',
]);

/**
 * Class or id tokens of navigation and chrome, as generators and sites name them: "navheader",
 * "nav-panel", "toc", "sphinxsidebar", "list-of-tables", "site-footer", "breadcrumbs".
 */
const FURNITURE_NAME =
  /^(nav|navbar|navigation|navheader|navfooter|nav-panel|toc|table-of-contents|breadcrumbs?|sidebar|sphinxsidebar|footer|menu|skip-link|skiplink)$|^list-of-|[-_](nav|navigation|toc|breadcrumbs?|sidebar|footer|menu)$/i;

/** Containers that hold the page itself: never dropped for their class names. */
const CONTENT_ROOTS = new Set(['html', 'body', 'main', 'article']);

/** True for an element whose whole content is page furniture, by its tag, role or class names. */
export function isFurnitureElement(name: string, attributes: Readonly<Record<string, string>>): boolean {
  if (FURNITURE_TAGS.has(name)) {
    return true;
  }
  if (CONTENT_ROOTS.has(name)) {
    return false;
  }
  const role = attributes['role']?.trim().toLowerCase();
  if (role !== undefined && FURNITURE_ROLES.has(role)) {
    return true;
  }
  const names = `${attributes['class'] ?? ''} ${attributes['id'] ?? ''}`.split(/\s+/);
  return names.some((token) => token.length > 0 && FURNITURE_NAME.test(token));
}

/** Lists whose links a reader follows rather than reads: a table of contents no class names. */
const LIST_TAGS = new Set(['ul', 'ol', 'dl', 'menu']);

/** At least this many links, and this share of the list's letters inside them. */
const LINK_LIST_MIN_LINKS = 3;
const LINK_LIST_MIN_SHARE = 0.8;

export function isListElement(name: string): boolean {
  return LIST_TAGS.has(name);
}

/** Letters and digits of a list, and how many of them are text of links within the site. */
export interface LinkDensity {
  links: number;
  chars: number;
  linkChars: number;
}

export function countText(density: LinkDensity, text: string, inLink: boolean): void {
  const chars = text.replace(/\s+/g, '').length;
  density.chars += chars;
  if (inLink) {
    density.linkChars += chars;
  }
}

/**
 * A link to another page or section of the same site or document (relative, or an anchor). Lists
 * of such links are what navigation is made of; a list of links to other sites is usually content
 * (the security modules a kernel offers, each linked to its own project).
 */
export function isLinkWithinSite(href: string | undefined): boolean {
  return href !== undefined && !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(href.trim());
}

/**
 * A list that is almost all link text is a table of contents, a "see also" menu or a site map:
 * its entries repeat the headings they point to, so it only competes with the sections themselves.
 */
export function isLinkList(density: LinkDensity): boolean {
  return (
    density.links >= LINK_LIST_MIN_LINKS &&
    density.chars > 0 &&
    density.linkChars / density.chars >= LINK_LIST_MIN_SHARE
  );
}
