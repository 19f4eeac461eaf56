import { BlockList, isIP } from 'node:net';

/*
 * Addresses a webhook is never sent to, whatever the catalogue or DNS says: the cloud metadata
 * service (which hands out the host's credentials) and the link-local ranges it lives in.
 */
const BLOCKED = new BlockList();
BLOCKED.addSubnet('169.254.0.0', 16, 'ipv4');
BLOCKED.addSubnet('fe80::', 10, 'ipv6');
BLOCKED.addAddress('fd00:ec2::254', 'ipv6');

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** Whether `address` (an IP address, IPv6 with or without brackets) must never be called. */
export function isBlockedAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const mapped = MAPPED_V4.exec(bare)?.[1];
  if (mapped !== undefined) {
    return isBlockedAddress(mapped);
  }
  const family = isIP(bare);
  if (family === 4) {
    return BLOCKED.check(bare, 'ipv4');
  }
  if (family === 6) {
    return BLOCKED.check(bare, 'ipv6');
  }
  return false;
}

/** Raised when a host is, or resolves to, a blocked address. */
export class BlockedAddressError extends Error {
  readonly code = 'STEWARD_BLOCKED_ADDRESS';

  constructor(host: string, address: string) {
    super(`${host} is a link-local or cloud metadata address (${address}); Steward never calls it`);
    this.name = 'BlockedAddressError';
  }
}
