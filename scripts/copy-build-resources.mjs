/**
 * Copies the files the compiled code reads at run time next to it in dist/, at the same relative
 * paths it has in the source tree, so `node dist/...` finds them exactly as `tsx` does from source.
 * tsc emits only JavaScript; everything else a module opens relative to itself is listed here.
 */
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Code folders whose non-TypeScript files (icons, manifests, templates) travel with the code. */
const CODE_FOLDERS = ['src', 'adapters', 'handlers', 'approvals'];
/** Data the composition root opens by path: the bundled knowledge and the example action catalogue. */
const DATA_PATHS = ['docs/sample-knowledge', 'docs/examples/actions.yaml'];

function isResource(path) {
  // Type declarations and READMEs are for people and the compiler, not for the running service.
  return !path.endsWith('.ts') && !path.endsWith('.md');
}

function copyResources(folder) {
  for (const entry of readdirSync(join(root, folder))) {
    const path = join(folder, entry);
    if (statSync(join(root, path)).isDirectory()) {
      copyResources(path);
    } else if (isResource(path)) {
      cpSync(join(root, path), join(dist, path));
    }
  }
}

for (const folder of CODE_FOLDERS) {
  copyResources(folder);
}
for (const path of DATA_PATHS) {
  if (!existsSync(join(root, path))) {
    throw new Error(`build resource ${path} is missing`);
  }
  cpSync(join(root, path), join(dist, path), { recursive: true });
}
process.stdout.write(`copied run-time resources into ${relative(root, dist)}/\n`);
