import { describe, expect, it } from 'vitest';
import { foreignTenantOf, servedTenantOf } from '../../../../adapters/teams/tenant-gate.js';

const HOME = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const OTHER = '9e8d7c6b-5a49-4382-b716-0f1e2d3c4b5a';

const activity = (conversationTenant?: string, channelDataTenant?: string) => ({
  conversation: {
    id: 'a:1chat',
    ...(conversationTenant !== undefined ? { tenantId: conversationTenant } : {}),
  },
  ...(channelDataTenant !== undefined ? { channelData: { tenant: { id: channelDataTenant } } } : {}),
});

describe('the tenant a single-tenant Teams bot serves', () => {
  it('is the configured tenant of a SingleTenant or managed-identity bot, and none for MultiTenant', () => {
    expect(servedTenantOf({ appType: 'SingleTenant', tenantId: HOME.toUpperCase() })).toBe(HOME);
    expect(servedTenantOf({ appType: 'UserAssignedMSI', tenantId: HOME })).toBe(HOME);
    expect(servedTenantOf({ appType: 'MultiTenant', tenantId: HOME })).toBeUndefined();
  });

  it('cannot be enforced when the tenant is named by a domain, which activities never carry', () => {
    expect(servedTenantOf({ appType: 'SingleTenant', tenantId: 'contoso.onmicrosoft.com' })).toBeUndefined();
  });

  it('refuses an activity naming another tenant anywhere, whatever the letter case of its own', () => {
    expect(foreignTenantOf(activity(HOME, HOME.toUpperCase()), HOME)).toBeUndefined();
    expect(foreignTenantOf(activity(OTHER, OTHER), HOME)).toBe(OTHER);
    expect(foreignTenantOf(activity(HOME, OTHER), HOME)).toBe(OTHER);
    expect(foreignTenantOf(activity(OTHER), HOME)).toBe(OTHER);
  });

  it('lets through channels that name no tenant (the Emulator, Web Chat)', () => {
    expect(foreignTenantOf(activity(), HOME)).toBeUndefined();
    expect(foreignTenantOf(activity(''), HOME)).toBeUndefined();
  });
});
