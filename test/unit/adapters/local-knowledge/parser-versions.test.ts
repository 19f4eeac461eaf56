import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parserVersions } from '../../../../adapters/local-knowledge/chunk-cache.js';

/*
 * The chunk cache is keyed by these versions, so upgrading a parser re-reads every file. Each
 * must be the version Node would load, not "unknown", or an upgrade would go unnoticed.
 */
describe('parserVersions', () => {
  it('names the installed version of every package that parses documents', async () => {
    const versions = await parserVersions();
    expect(Object.keys(versions).sort()).toEqual([
      'htmlparser2',
      'mdast-util-from-markdown',
      'micromark',
      'unpdf',
    ]);
    for (const [name, version] of Object.entries(versions)) {
      // Read directly: these packages do not export their package.json.
      const manifest = new URL(`../../../../node_modules/${name}/package.json`, import.meta.url);
      const installed = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
      expect(version, name).toBe(installed);
    }
  });
});
