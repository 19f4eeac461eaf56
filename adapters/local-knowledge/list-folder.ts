import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { StewardError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';

export interface FolderFile {
  /** Relative to the knowledge folder, `/`-separated on every platform: the passage's source. */
  readonly path: string;
  readonly absolutePath: string;
}

export interface UnreadableFolder {
  readonly path: string;
  readonly error: unknown;
}

/**
 * Every file under the knowledge folder, sorted by path so ingestion is deterministic. Hidden
 * entries (`.git`, `.DS_Store`) are not knowledge and are passed over. A sub-folder that cannot be
 * read is reported and the walk goes on; the folder itself being unreadable is an error.
 */
export async function listFolder(
  root: string,
  logger: Logger,
): Promise<{ files: FolderFile[]; unreadable: UnreadableFolder[] }> {
  let top: Dirent[];
  try {
    top = await readdir(root, { withFileTypes: true });
  } catch (error) {
    throw new StewardError(
      'KNOWLEDGE_SOURCE_UNREADABLE',
      `The knowledge folder ${root} ${whyUnreadable(error)}`,
      {
        cause: error,
      },
    );
  }

  const files: FolderFile[] = [];
  const unreadable: UnreadableFolder[] = [];
  // Symbolic links may point back up the tree; real paths already walked are not walked again.
  const visited = new Set<string>([await realpath(root).catch(() => root)]);

  const walk = async (directory: string, entries: readonly Dirent[]): Promise<void> => {
    for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) {
        continue;
      }
      const absolutePath = join(directory, entry.name);
      const kind = await entryKind(entry, absolutePath);
      if (kind === 'file') {
        files.push({ path: relative(root, absolutePath).split(sep).join('/'), absolutePath });
      } else if (kind === 'directory') {
        const real = await realpath(absolutePath).catch(() => absolutePath);
        if (visited.has(real)) {
          continue;
        }
        visited.add(real);
        let children: Dirent[];
        try {
          children = await readdir(absolutePath, { withFileTypes: true });
        } catch (error) {
          const path = relative(root, absolutePath).split(sep).join('/');
          logger.warn({ path, err: error }, 'knowledge sub-folder unreadable');
          unreadable.push({ path, error });
          continue;
        }
        await walk(absolutePath, children);
      }
    }
  };

  await walk(root, top);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, unreadable };
}

async function entryKind(entry: Dirent, absolutePath: string): Promise<'file' | 'directory' | 'other'> {
  if (entry.isFile()) {
    return 'file';
  }
  if (entry.isDirectory()) {
    return 'directory';
  }
  if (entry.isSymbolicLink()) {
    const target = await stat(absolutePath).catch(() => undefined);
    return target?.isFile() ? 'file' : target?.isDirectory() ? 'directory' : 'other';
  }
  return 'other';
}

/** The operator's next step depends on why: a typo in the path, a file given, or permissions. */
function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return 'does not exist';
  }
  if (code === 'ENOTDIR') {
    return 'is not a folder';
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return 'cannot be read: permission denied';
  }
  return `cannot be read${code === undefined ? '' : ` (${code})`}`;
}
