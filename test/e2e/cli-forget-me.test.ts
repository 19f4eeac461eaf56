import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTestTable } from '../support/dynamodb.js';
import { runCli } from '../support/run-cli.js';
import { itemsMentioning } from '../support/table-scan.js';

const knowledgeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/knowledge');
const WORDS = 'gooseberry-annex';

/** The terminal's own "forget me", and the operator's export and erasure, as separate processes. */
describe('steward forget-me, person:export and person:erase', { timeout: 180_000 }, () => {
  const table = useTestTable('e2e-cli-forget-me');
  const env = () => ({
    DYNAMODB_ENDPOINT: table.endpoint,
    DYNAMODB_TABLE: table.tableName,
    KNOWLEDGE_DIR: knowledgeDir,
    PSEUDONYM_SECRET: 'cli-e2e-pseudonym-secret-0123456789abcdef',
  });
  const chat = (user: string, lines: readonly string[]) =>
    runCli(['chat', '--thread', `t-${user}`, '--user', user], { stdin: `${lines.join('\n')}\nexit\n`, env: env() });
  const mentioning = (needles: readonly string[]) =>
    itemsMentioning(table.clients.documentClient, table.tableName, needles);

  it('erases the chat user after they confirm "forget me" with its code', async () => {
    const user = 'zoe-forgets';
    expect((await chat(user, [`How do I connect to the VPN from the ${WORDS}?`, '👎'])).code).toBe(0);
    expect(await mentioning([user, WORDS])).not.toEqual([]);

    const preview = await runCli(['forget-me', '--user', user], { env: env() });
    expect(preview.stdout).toContain('1 questions with their answers');
    expect(preview.stdout).toContain('Nothing was erased');
    expect(await mentioning([WORDS])).not.toEqual([]);

    const asked = await chat(user, ['forget me']);
    const code = /forget me ([A-Z0-9]{6})/.exec(asked.stdout)?.[1];
    expect(code).toBeDefined();
    const done = await chat(user, [`forget me ${code ?? ''}`]);
    expect(done.stdout).toContain('Done: I erased 1 question');

    expect(await mentioning([user, WORDS])).toEqual([]);
  });

  it('exports and erases one person for an operator, after --yes only', async () => {
    const user = 'yan-is-erased';
    await chat(user, [`Where is the ${WORDS} kitchen?`]);
    const exported = await runCli(['person:export', '--platform', 'cli', '--user', user], { env: env() });
    expect(exported.code).toBe(0);
    const data = JSON.parse(exported.stdout) as { turns: { question: string }[] };
    expect(data.turns.map((turn) => turn.question)).toEqual([`Where is the ${WORDS} kitchen?`]);

    const erased = await runCli(['person:erase', '--platform', 'cli', '--user', user, '--yes'], { env: env() });
    expect(erased.stdout).toMatch(/^Erased 1 turns, .* now name person-[0-9a-f]{24}\.$/m);
    expect(await mentioning([user])).toEqual([]);
    // The operator's export and erasure are audited: by whom, with counts, never the content.
    const audit = await runCli(['audit:list', '--action', 'privacy.'], { env: env() });
    expect(audit.stdout).toContain('privacy.erased');
    expect(audit.stdout).not.toContain(WORDS);
  });
});
