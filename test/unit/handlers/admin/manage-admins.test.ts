import { describe, expect, it } from 'vitest';
import {
  apiActor,
  createAdminHarness,
  ROOT_ADMIN,
  rootActor,
  sampleChannel,
  staffActor,
} from '../../../support/admin-harness.js';

const ENTRA_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('managing admins', () => {
  it('an admin adds an admin, who can then administer; removal counts at once', async () => {
    const { useCases, audit } = createAdminHarness();
    expect(await useCases.isAdmin(staffActor)).toBe(false);

    expect(await useCases.addAdmin(rootActor, 'slack:U0STAFF')).toEqual({ ok: true, value: { added: true } });
    expect(await useCases.isAdmin(staffActor)).toBe(true);
    expect(await useCases.addAdmin(rootActor, 'slack:U0STAFF')).toEqual({
      ok: true,
      value: { added: false },
    });

    expect(await useCases.removeAdmin(rootActor, 'slack:U0STAFF')).toEqual({
      ok: true,
      value: { removed: true },
    });
    expect(await useCases.isAdmin(staffActor)).toBe(false);
    expect(audit.all().map((record) => [record.action, record.subjectId])).toEqual([
      ['admin.added', 'slack:U0STAFF'],
      ['admin.removed', 'slack:U0STAFF'],
    ]);
  });

  it('recognises a Teams admin by Entra object id whatever its letter case', async () => {
    const { useCases } = createAdminHarness();
    await useCases.addAdmin(apiActor, `teams:${ENTRA_ID.toUpperCase()}`);
    expect(await useCases.isAdmin({ kind: 'user', id: ENTRA_ID, platform: 'teams' })).toBe(true);
  });

  it('never takes someone of another organisation for an admin, even under a listed id', async () => {
    const { useCases, audit, settings } = createAdminHarness();
    await useCases.addAdmin(rootActor, 'slack:U0STAFF');
    const outsiders = [
      { ...rootActor, organisation: 'external' as const },
      { ...staffActor, organisation: 'external' as const },
    ];

    for (const outsider of outsiders) {
      expect(await useCases.isAdmin(outsider)).toBe(false);
      const change = await useCases.changeSettings(outsider, sampleChannel, {
        mode: 'merge',
        values: { enabled: false },
      });
      expect(change).toMatchObject({
        ok: false,
        refusal: {
          code: 'FORBIDDEN',
          message: expect.stringContaining('people from other organisations') as unknown,
        },
      });
    }
    expect(await settings.get(sampleChannel)).toBeUndefined();
    const refused = audit.all().filter((record) => record.action === 'admin.refused');
    expect(
      refused.map((record) => [record.actor.id, record.actor.organisation, record.details.attempted]),
    ).toEqual([
      ['U0ROOT', 'external', 'settings.change'],
      ['U0STAFF', 'external', 'settings.change'],
    ]);
  });

  it('lists configured and added admins apart', async () => {
    const { useCases } = createAdminHarness();
    await useCases.addAdmin(apiActor, `teams:${ENTRA_ID}`);
    const outcome = await useCases.listAdmins(rootActor);
    expect(outcome).toMatchObject({
      ok: true,
      value: {
        configured: [ROOT_ADMIN],
        added: [{ admin: { platform: 'teams', userId: ENTRA_ID }, addedBy: apiActor }],
      },
    });
  });

  it('refuses to remove an admin named in ADMIN_USERS, and says where to do it', async () => {
    const { useCases } = createAdminHarness();
    const outcome = await useCases.removeAdmin(apiActor, 'slack:U0ROOT');
    expect(outcome).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', message: expect.stringMatching(/ADMIN_USERS/) as unknown },
    });
    expect(await useCases.isAdmin(rootActor)).toBe(true);
  });

  it('explains a malformed admin reference and an unknown one', async () => {
    const { useCases } = createAdminHarness();
    expect(await useCases.addAdmin(rootActor, 'U0STAFF')).toMatchObject({
      ok: false,
      refusal: {
        code: 'INVALID',
        fields: [{ path: 'admin', message: expect.stringMatching(/slack:<user id>/) as unknown }],
      },
    });
    expect(await useCases.addAdmin(rootActor, 'teams:not-a-guid')).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID' },
    });
    expect(await useCases.removeAdmin(rootActor, 'slack:U0NOBODY')).toMatchObject({
      ok: false,
      refusal: { code: 'NOT_FOUND' },
    });
  });
});

describe('reading the audit log', () => {
  it('returns records to an admin and explains an impossible range', async () => {
    const { useCases, clock } = createAdminHarness();
    await useCases.addAdmin(rootActor, 'slack:U0STAFF');
    const page = await useCases.readAuditLog(rootActor, { actionPrefix: 'admin.' });
    expect(page).toMatchObject({ ok: true, value: { records: [{ action: 'admin.added' }] } });

    const backwards = await useCases.readAuditLog(rootActor, {
      from: clock.now(),
      to: new Date(clock.now().getTime() - 1),
    });
    expect(backwards).toMatchObject({ ok: false, refusal: { code: 'INVALID' } });
  });
});
