import { describe, expect, it } from 'vitest';
import type { AdminRef } from '../../src/admin/admin-ref.js';
import type { Clock } from '../../src/clock.js';
import type { AdminStore } from '../../src/ports/admin-store.js';
import { FixedClock } from '../fakes/fixed-clock.js';

export type MakeAdminStore = (clock: Clock) => AdminStore | Promise<AdminStore>;

const ann: AdminRef = { platform: 'slack', userId: 'U0ANN' };
const bob: AdminRef = { platform: 'teams', userId: '00000000-0000-4000-8000-00000000b0b0' };
const bootstrap = { kind: 'user', id: 'U0ROOT', platform: 'slack' } as const;

/** The behaviour every AdminStore must show. Each store given must start empty. */
export function adminStoreContract(name: string, makeStore: MakeAdminStore): void {
  describe(`${name} fulfils the AdminStore contract`, () => {
    it('adds, lists, answers and removes admins', async () => {
      const clock = new FixedClock();
      const store = await makeStore(clock);
      expect(await store.isAdmin(ann)).toBe(false);

      expect(await store.add(bob, bootstrap)).toBe(true);
      expect(await store.add(ann, bootstrap)).toBe(true);

      expect(await store.isAdmin(ann)).toBe(true);
      expect(await store.isAdmin({ platform: 'teams', userId: 'U0ANN' })).toBe(false);
      expect(await store.list()).toEqual([
        { admin: ann, addedAt: clock.now(), addedBy: bootstrap },
        { admin: bob, addedAt: clock.now(), addedBy: bootstrap },
      ]);

      expect(await store.remove(ann)).toBe(true);
      expect(await store.remove(ann)).toBe(false);
      expect(await store.isAdmin(ann)).toBe(false);
      expect((await store.list()).map((stored) => stored.admin)).toEqual([bob]);
    });

    it('keeps who added an admin first when they are added again', async () => {
      const clock = new FixedClock();
      const store = await makeStore(clock);
      await store.add(ann, bootstrap);
      clock.advance(60_000);
      expect(await store.add(ann, { kind: 'admin-api', id: 'ci' })).toBe(false);
      expect(await store.list()).toEqual([
        { admin: ann, addedAt: new FixedClock().now(), addedBy: bootstrap },
      ]);
    });
  });
}
