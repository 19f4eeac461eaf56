import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EntraGroupDirectory,
  GraphClient,
  type GraphTokenSource,
} from '../../../adapters/microsoft-graph/index.js';
import { DependencyError } from '../../../src/errors.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { FakeMicrosoftGraph } from '../../support/fake-microsoft-graph.js';
import { freePort } from '../../support/free-port.js';

const TENANT = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const ANN = '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61';
const BO = '9e2b1c7d-5a4f-4e3b-a6c8-0d1f2e3a4b5c';
const SRE = '0b6f3a2c-1d4e-4f5a-8b9c-7d6e5f4a3b2c';
const ONCALL = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const GONE = 'dead0000-0000-4000-8000-00000000beef';

/** Tokens as an app-only token source would issue them: one per tenant, counted. */
class TenantTokens implements GraphTokenSource {
  readonly asked: string[] = [];

  token(tenantId: string): Promise<string> {
    this.asked.push(tenantId);
    return Promise.resolve(FakeMicrosoftGraph.tokenFor(tenantId));
  }
}

describe('EntraGroupDirectory over Microsoft Graph', () => {
  let graph: FakeMicrosoftGraph;
  let tokens: TenantTokens;
  let waits: number[];
  const { logger, lines } = createCapturingLogger();

  const question = (overrides: Partial<{ groupId: string; directoryId: string; tenantId: string }> = {}) => ({
    platform: 'teams' as const,
    tenantId: overrides.tenantId ?? TENANT,
    groupId: overrides.groupId ?? SRE,
    userId: '29:1teams-user-id-not-known-to-entra',
    directoryId: overrides.directoryId ?? ANN,
  });

  const directoryOver = (url: string, options: { ttlMs?: number } = {}) =>
    new EntraGroupDirectory(
      new GraphClient({
        baseUrl: url,
        tokens,
        logger,
        clock: new FixedClock(),
        // Waits are recorded, not slept: these tests are about what is asked and answered.
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      }),
      logger,
      options,
    );

  beforeAll(async () => {
    graph = await FakeMicrosoftGraph.start();
  });

  afterAll(async () => {
    await graph.close();
  });

  beforeEach(() => {
    graph.reset();
    tokens = new TenantTokens();
    waits = [];
    lines.length = 0;
    graph
      .addUser(TENANT, ANN)
      .addUser(TENANT, BO)
      .setGroup(TENANT, ONCALL, [ANN])
      .setGroup(TENANT, SRE, [ONCALL]);
  });

  it('answers yes for a member, through a nested group, asking Graph with the Entra object id and a tenant token', async () => {
    const directory = directoryOver(graph.url);
    expect(await directory.isMember(question())).toBe(true);
    expect(graph.calls).toEqual([
      {
        tenantId: TENANT,
        userId: ANN,
        groupIds: [SRE],
        authorization: `Bearer ${FakeMicrosoftGraph.tokenFor(TENANT)}`,
      },
    ]);
    expect(tokens.asked).toEqual([TENANT]);
  });

  it('answers no for someone in the tenant who is not in the group', async () => {
    expect(await directoryOver(graph.url).isMember(question({ directoryId: BO }))).toBe(false);
    expect(graph.calls).toHaveLength(1);
  });

  it('sees a direct member of the inner group as a member of it too', async () => {
    expect(await directoryOver(graph.url).isMember(question({ groupId: ONCALL }))).toBe(true);
  });

  it('reuses answers briefly, and concurrent questions share one call', async () => {
    const directory = directoryOver(graph.url);
    const answers = await Promise.all([
      directory.isMember(question()),
      directory.isMember(question()),
      directory.isMember(question({ directoryId: ANN.toUpperCase() })),
    ]);
    expect(answers).toEqual([true, true, true]);
    expect(await directory.isMember(question())).toBe(true);
    expect(graph.calls).toHaveLength(1);
    expect(await directory.isMember(question({ directoryId: BO }))).toBe(false);
    expect(graph.calls).toHaveLength(2);
  });

  it('sees a removal once the cached answer expires', async () => {
    const directory = directoryOver(graph.url, { ttlMs: 1 });
    expect(await directory.isMember(question())).toBe(true);
    graph.setGroup(TENANT, ONCALL, []);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await directory.isMember(question())).toBe(false);
    expect(graph.calls).toHaveLength(2);
  });

  it('treats a group Graph does not know as empty, with a log line', async () => {
    expect(await directoryOver(graph.url).isMember(question({ groupId: GONE }))).toBe(false);
    expect(lines.find((line) => line.msg === 'entra group unknown')).toMatchObject({
      groupId: GONE,
      graphCode: 'Request_ResourceNotFound',
    });
  });

  it('treats a person Graph does not know (left, or from another directory) as a non-member, with a log line', async () => {
    const stranger = '77777777-6666-4555-8444-333333333333';
    expect(await directoryOver(graph.url).isMember(question({ directoryId: stranger }))).toBe(false);
    expect(lines.find((line) => line.msg === 'entra user unknown')).toMatchObject({
      objectId: stranger,
      status: 404,
    });
  });

  it('waits as long as Graph asks after a 429, then answers', async () => {
    graph.failNext({ status: 429, retryAfterSeconds: 1 });
    expect(await directoryOver(graph.url).isMember(question())).toBe(true);
    expect(waits).toEqual([1000]);
    expect(graph.calls).toHaveLength(2);
  });

  it('fails, rather than answering no, when Graph keeps failing; the next question asks again', async () => {
    graph.failNext({ status: 503 }, { status: 503 }, { status: 503 });
    const directory = directoryOver(graph.url);
    const failure = await directory.isMember(question()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyError);
    expect((failure as DependencyError).userMessage).toMatch(/cannot reach Microsoft Entra ID/);
    expect(graph.calls).toHaveLength(3);
    expect(await directory.isMember(question())).toBe(true);
  });

  it('gives up at once when Graph asks for a longer wait than a person should get', async () => {
    graph.failNext({ status: 429, retryAfterSeconds: 120 });
    const failure = await directoryOver(graph.url)
      .isMember(question())
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyError);
    expect((failure as DependencyError).code).toBe('DEPENDENCY_THROTTLED');
    expect(waits).toEqual([]);
    expect(graph.calls).toHaveLength(1);
  });

  it('fails when Graph cannot be reached at all', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    await expect(directoryOver(nowhere).isMember(question())).rejects.toBeInstanceOf(DependencyError);
  });

  it('fails with a message naming the permission when the app may not read memberships, and logs the fix', async () => {
    graph.setPermitted(TENANT, false);
    const failure = await directoryOver(graph.url)
      .isMember(question())
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyError);
    expect((failure as DependencyError).userMessage).toMatch(
      /not allowed to read Microsoft Entra group memberships/,
    );
    expect(lines.find((line) => line.msg === 'entra group membership not readable')?.fix).toMatch(
      /GroupMember\.Read\.All/,
    );
  });

  it('asks each person’s own tenant', async () => {
    graph.addUser(OTHER_TENANT, BO).setGroup(OTHER_TENANT, SRE, [BO]);
    const directory = directoryOver(graph.url);
    expect(await directory.isMember(question({ tenantId: OTHER_TENANT, directoryId: BO }))).toBe(true);
    expect(await directory.isMember(question({ directoryId: BO }))).toBe(false);
    expect(tokens.asked).toEqual([OTHER_TENANT, TENANT]);
  });

  it('answers no without asking Graph for other platforms, people without an Entra id and ids that are not group ids', async () => {
    const directory = directoryOver(graph.url);
    expect(await directory.isMember({ ...question(), platform: 'slack' })).toBe(false);
    const { directoryId: _absent, ...withoutDirectoryId } = question();
    expect(await directory.isMember(withoutDirectoryId)).toBe(false);
    expect(await directory.isMember(question({ tenantId: 'emulator' }))).toBe(false);
    expect(await directory.isMember(question({ groupId: 'S0SRE' }))).toBe(false);
    expect(graph.calls).toEqual([]);
  });
});
