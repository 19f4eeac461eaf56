import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenLinks, headingSlugs, markdownFiles } from '../../support/markdown-links.js';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('documentation links', () => {
  const files = markdownFiles(ROOT);

  it('finds the README and the guides', () => {
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'docs/slack.md', 'docs/teams.md', 'docs/channel-settings.md', 'docs/providers.md']),
    );
  });

  it.each(files)('%s links only to files and headings that exist', (file) => {
    expect(brokenLinks(ROOT, file)).toEqual([]);
  });
});

describe('the link check', () => {
  it('makes anchors as GitHub does', () => {
    expect(
      headingSlugs([
        'Slack adapter (adapters/slack/, wired in src/app/slack.ts)',
        'How an answer is written (hosted models)',
        'Failures, retries and cost',
        'Actions the model proposes (tool use)',
        'Failures, retries and cost',
      ]),
    ).toEqual([
      'slack-adapter-adaptersslack-wired-in-srcappslackts',
      'how-an-answer-is-written-hosted-models',
      'failures-retries-and-cost',
      'actions-the-model-proposes-tool-use',
      'failures-retries-and-cost-1',
    ]);
  });

  it('reports a missing file and a missing heading, and ignores web addresses and code', () => {
    const root = mkdtempSync(join(tmpdir(), 'steward-links-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'guide.md'), '# Guide\n\n## Setting `it` up\n');
    writeFileSync(
      join(root, 'README.md'),
      [
        '# Readme',
        '',
        'See [setup](docs/guide.md#setting-it-up), [gone](docs/gone.md), [typo](docs/guide.md#seting-it-up),',
        '[here](#readme), [web](https://example.com/x.md#nowhere) and `[code](docs/code.md)`.',
        '',
        '```md',
        '[fenced](docs/fenced.md)',
        '```',
      ].join('\n'),
    );

    expect(brokenLinks(root, 'README.md')).toEqual([
      'README.md:3: docs/gone.md: docs/gone.md does not exist',
      'README.md:3: docs/guide.md#seting-it-up: no heading of docs/guide.md has the anchor #seting-it-up',
    ]);
  });
});
