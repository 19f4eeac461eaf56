import { describe, expect, it } from 'vitest';
import { parseActionCatalogue } from '../../../adapters/action-catalogue/load-action-catalogue.js';
import { createAdminApiRoutes } from '../../../adapters/admin-api/admin-api.js';
import { scriptedExecutorFactory } from '../../fakes/scripted-executor.js';
import { createAdminHarness } from '../../support/admin-harness.js';
import {
  APPROVER_1,
  DEFAULT_SETTINGS,
  REQUESTER,
  createApprovalHarness,
} from '../../support/approval-harness.js';

const TOKEN = 'sod-token-0123456789-0123456789-abcdefgh';

describe('separation of duties', () => {
  it('refuses a catalogue that lets a medium- or high-risk action run without an approver', () => {
    for (const risk of ['medium', 'high']) {
      expect(() =>
        parseActionCatalogue(
          `actions:\n  - { id: restart, title: Restart, description: Restarts., risk: ${risk}, quorum: 0, executor: { type: scripted } }\n`,
          'actions.yaml',
          { scripted: scriptedExecutorFactory(new Map()) },
        ),
      ).toThrow(new RegExp(`a ${risk}-risk action needs at least one approver`));
    }
  });

  it('needs an approver other than the requester for a medium-risk action, whatever quorum the channel set', async () => {
    // Settings stored before this rule (or imported) can still say 0: the request-time rule holds.
    const h = createApprovalHarness({
      settings: { ...DEFAULT_SETTINGS, actions: [{ actionId: 'restart-service', quorum: 0 }] },
    });

    const card = await h.propose('restart-service service=web because 502s');
    expect(card.buttons[0]).toMatchObject({ action: 'confirm', label: 'Request approval' });
    await h.click('confirm', card.id, REQUESTER);
    const selfApproval = await h.click('approve', card.id, REQUESTER);

    expect(selfApproval).toMatchObject({ changed: false });
    expect(await h.store.get(card.id)).toMatchObject({ status: 'pending', policy: { quorum: 1 } });
    await h.click('approve', card.id, APPROVER_1);
    expect(await h.store.get(card.id)).toMatchObject({ status: 'approved' });
  });

  it('keeps quorum 0 for low-risk actions', async () => {
    const h = createApprovalHarness({
      settings: { ...DEFAULT_SETTINGS, actions: [{ actionId: 'open-ticket', quorum: 0 }] },
    });
    const card = await h.propose('open-ticket summary="printer jams" because it jams');
    expect(card.buttons[0]).toMatchObject({ action: 'confirm', label: 'Run it' });
  });

  it('refuses channel settings with quorum 0 for a medium- or high-risk action, through the admin API', async () => {
    const harness = createAdminHarness();
    const routes = createAdminApiRoutes({
      useCases: harness.useCases,
      tokens: [{ name: 'ops', secret: TOKEN }],
      logger: harness.logger,
    });
    const patch = routes.find((route) => route.method === 'PATCH');
    const send = (actions: unknown) =>
      patch?.handle(
        new Request('http://steward.test/admin/channels/slack/T001/C0HR', {
          method: 'PATCH',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ actions }),
        }),
      );

    const refused = await send([
      { actionId: 'open-ticket', quorum: 0 },
      { actionId: 'restart-service', quorum: 0 },
      { actionId: 'grant-access', quorum: 0 },
    ]);
    expect(refused?.status).toBe(422);
    const body = (await refused?.json()) as { fields: { path: string; message: string }[] };
    expect(body.fields.map((field) => [field.path, field.message])).toEqual([
      [
        'actions.1.quorum',
        expect.stringMatching(
          /restart-service is a medium-risk action: it needs at least 1 approver/,
        ) as unknown,
      ],
      ['actions.2.quorum', expect.stringMatching(/grant-access is a high-risk action/) as unknown],
    ]);
    expect(
      await harness.settings.get({ platform: 'slack', tenantId: 'T001', channelId: 'C0HR' }),
    ).toBeUndefined();

    const accepted = await send([
      { actionId: 'open-ticket', quorum: 0 },
      { actionId: 'restart-service', quorum: 2 },
    ]);
    expect(accepted?.status).toBe(200);
    expect(harness.audit.all().at(-1)).toMatchObject({
      action: 'settings.changed',
      actor: { kind: 'admin-api', id: 'ops' },
    });
  });
});
