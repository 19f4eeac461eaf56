/**
 * The single-table layout shared by every entity Steward keeps in DynamoDB
 * (see docs/data-model.md). Key builders live here so no two entities can pick clashing prefixes.
 */

export const PARTITION_KEY = 'PK';
export const SORT_KEY = 'SK';
export const EXPIRES_AT = 'expiresAt';

/** One generic index, created with the table so later access patterns need no migration. */
export const GSI1 = {
  name: 'GSI1',
  partitionKey: 'GSI1PK',
  sortKey: 'GSI1SK',
} as const;

export const CONVERSATION_META_SK = 'META';
export const TURN_SK_PREFIX = 'TURN#';
export const EVENT_MARKER_SK = 'EVENT';
export const ADDRESS_SK = 'ADDRESS';

export function conversationPk(conversationKey: string): string {
  return `CONV#${conversationKey}`;
}

export function turnSk(turnId: string): string {
  return `${TURN_SK_PREFIX}${turnId}`;
}

export function eventPk(eventKey: string): string {
  return `EVENT#${eventKey}`;
}

export const AUDIT_GLOBAL_PARTITION = '_';

/** Audit records of one channel (or of no channel: the global partition), sorted by time. */
export function auditPk(channelKey: string | undefined): string {
  return `AUDIT#${channelKey ?? AUDIT_GLOBAL_PARTITION}`;
}

/** GSI1 partition holding one UTC day of audit records of every channel. */
export function auditDayGsiPk(day: string): string {
  return `AUDIT#${day}`;
}

/** One partition per proposal / approval request: the proposal, the request, its card copies. */
export function approvalPk(id: string): string {
  return `APPROVAL#${id}`;
}

export const APPROVAL_PROPOSAL_SK = 'PROPOSAL';
export const APPROVAL_REQUEST_SK = 'REQUEST';
/** An index item putting the request under its requester in GSI1. */
export const APPROVAL_REQUESTER_SK = 'REQUESTER';
export const APPROVAL_CARD_SK_PREFIX = 'CARD#';

/** GSI1 partition of every request in one status (the workflow's work lists). */
export function approvalStatusGsiPk(status: string): string {
  return `APPROVAL_STATUS#${status}`;
}

/** GSI1 partition of one person's requests; parts URI-encoded so ids cannot collide. */
export function approvalRequesterGsiPk(platform: string, tenantId: string, userId: string): string {
  return `APPROVAL_BY#${[platform, tenantId, userId].map(encodeURIComponent).join('#')}`;
}

export function approvalCardSk(platform: string, channelId: string, messageId: string): string {
  return `${APPROVAL_CARD_SK_PREFIX}${[platform, channelId, messageId].map(encodeURIComponent).join('#')}`;
}

export const CHANNEL_SETTINGS_SK = 'SETTINGS';
/** GSI1 partition listing every configured channel, sorted by its channel key. */
export const CHANNELS_GSI_PK = 'CHANNELS';

export function channelSettingsPk(channelKey: string): string {
  return `CHANNEL#${channelKey}`;
}

export const ADMIN_SK = 'ADMIN';
/** GSI1 partition listing every stored admin. */
export const ADMINS_GSI_PK = 'ADMINS';

export function adminPk(adminKey: string): string {
  return `ADMIN#${adminKey}`;
}

/** What a platform needs to reach a conversation later (AddressBook); the key is the adapter's own. */
export function addressPk(addressKey: string): string {
  return `ADDRESS#${addressKey}`;
}

/** One partition per UTC month of token use: per channel-model-day items and running totals. */
export function usagePk(month: string): string {
  return `USAGE#${month}`;
}

export const USAGE_DAY_SK_PREFIX = 'DAY#';

/**
 * A knowledge gap (a refused or 👎 turn) is copied into its conversation's partition, so folding
 * the turn away keeps it and forgetting the conversation deletes it.
 */
export const GAP_SK_PREFIX = 'GAP#';

export function gapSk(turnId: string): string {
  return `${GAP_SK_PREFIX}${turnId}`;
}

/** GSI1 partition of one UTC month (`yyyy-mm`) of channel gaps; sorted by channel key, then time. */
export function channelGapsGsiPk(month: string): string {
  return `GAPS#${month}`;
}

/** GSI1 partition of one person's gaps in private conversations, sorted by time. */
export function personalGapsGsiPk(platform: string, tenantId: string, userId: string): string {
  return `GAPS_BY#${[platform, tenantId, userId].map(encodeURIComponent).join('#')}`;
}

/**
 * One partition per person (platform and user id, URI-encoded) of pointers to what is stored
 * about them elsewhere, so an export or erasure reads one partition instead of the whole table.
 */
export function personPk(platform: string, userId: string): string {
  return `PERSON#${[platform, userId].map(encodeURIComponent).join('#')}`;
}

/** Points at a conversation the person wrote or rated in (its partition holds their turns). */
export const PERSON_CONVERSATION_SK_PREFIX = 'CONV#';
/** Points at an audit record naming the person as its actor. */
export const PERSON_AUDIT_SK_PREFIX = 'AUDIT#';
/** Points at an address (AddressBook) that reaches the person privately. */
export const PERSON_ADDRESS_SK_PREFIX = 'ADDRESS#';
/** An approval request or proposal that quotes the person without them taking part in it. */
export const PERSON_APPROVAL_SK_PREFIX = 'APPROVAL#';
