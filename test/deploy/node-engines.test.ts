import { readFileSync } from 'node:fs';
import path from 'node:path';
import { minVersion, satisfies } from 'semver';
import { describe, expect, it } from 'vitest';

/*
 * The Node version the README names, package.json's engines and every locked dependency's own
 * engines must agree, or `npm ci` prints EBADENGINE and the oldest supported Node may not run it.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const packageJson = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};
const oldestNode = minVersion(packageJson.engines.node)?.version ?? '';

describe('Node.js version', () => {
  it('is named by the README as the oldest supported', () => {
    const [major, minor] = oldestNode.split('.');
    expect(read('README.md')).toContain(`Node.js ${major}.${minor} or later`);
  });

  it('is accepted by every locked dependency’s engines', () => {
    const refusing = Object.entries(lock.packages)
      .filter(
        ([name, entry]) => name !== '' && !Array.isArray(entry.engines) && entry.engines?.node !== undefined,
      )
      .filter(([, entry]) => !satisfies(oldestNode, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name} wants node ${(entry.engines as { node: string }).node}`);
    expect(oldestNode).not.toBe('');
    expect(refusing).toEqual([]);
  });
});
