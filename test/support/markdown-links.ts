import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';

type MdRoot = ReturnType<typeof fromMarkdown>;
type MdNode = MdRoot | MdRoot['children'][number];

/**
 * Reads the repository's Markdown the way GitHub shows it, so a guide that moves or a heading
 * that is renamed cannot leave a link pointing at nothing.
 */

/** Knowledge samples and fixtures are data for the knowledge base, not documentation. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.data', 'sample-knowledge', 'fixtures', 'coverage', 'dist', 'cdk.out']);

/** Every documentation file under `root`, as paths relative to it. */
export function markdownFiles(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      return SKIPPED_FOLDERS.has(entry.name) ? [] : markdownFiles(root, path);
    }
    return entry.isFile() && extname(entry.name) === '.md' ? [relative(root, path)] : [];
  });
}

/**
 * GitHub's heading anchor: lower case, punctuation and symbols dropped, spaces turned into
 * hyphens; a repeated heading gets `-1`, `-2`... (as github-slugger does).
 */
export function headingSlugs(headings: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headings.map((heading) => {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  });
}

export interface MarkdownLink {
  readonly url: string;
  readonly line: number;
}

/** Links and link definitions outside code, with the line they are on. */
export function markdownLinks(source: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  visit(fromMarkdown(source), (node) => {
    if (node.type === 'link' || node.type === 'definition') {
      links.push({ url: node.url, line: node.position?.start.line ?? 0 });
    }
  });
  return links;
}

export function markdownHeadings(source: string): string[] {
  const headings: string[] = [];
  visit(fromMarkdown(source), (node) => {
    if (node.type === 'heading') {
      headings.push(plainText(node));
    }
  });
  return headings;
}

/**
 * What is wrong with the relative links of `file` (relative to `root`): a target that does not
 * exist, or an `#anchor` that no heading of the target Markdown file produces. Web addresses
 * are not checked here: that needs the network.
 */
export function brokenLinks(root: string, file: string): string[] {
  const source = readFileSync(join(root, file), 'utf8');
  const problems: string[] = [];
  for (const link of markdownLinks(source)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link.url)) {
      continue;
    }
    const hashAt = link.url.indexOf('#');
    const pathPart = hashAt < 0 ? link.url : link.url.slice(0, hashAt);
    const anchor = hashAt < 0 ? undefined : decodeURIComponent(link.url.slice(hashAt + 1));
    const target = pathPart === '' ? join(root, file) : resolve(root, dirname(file), decodeURIComponent(pathPart));
    const where = `${file}:${link.line}: ${link.url}`;
    if (!existsSync(target)) {
      problems.push(`${where}: ${relative(root, target)} does not exist`);
      continue;
    }
    if (anchor !== undefined && statSync(target).isFile() && extname(target) === '.md') {
      const slugs = headingSlugs(markdownHeadings(readFileSync(target, 'utf8')));
      if (!slugs.includes(anchor)) {
        problems.push(`${where}: no heading of ${relative(root, target)} has the anchor #${anchor}`);
      }
    }
  }
  return problems;
}

function visit(node: MdNode, onNode: (node: MdNode) => void): void {
  onNode(node);
  if ('children' in node) {
    for (const child of node.children) {
      visit(child, onNode);
    }
  }
}

function plainText(node: MdNode): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode')) {
    return node.value;
  }
  return 'children' in node ? node.children.map((child) => plainText(child)).join('') : '';
}
