import { ApprovalValues } from '../approval-rules/approval-values.js';
import type { CardSigningConfig } from '../config/card-signing-config.js';
import type { Logger } from '../logger.js';
import type { CardSigning } from '../signing/card-signing.js';
import { ValueSigner } from '../signing/value-signer.js';

/**
 * Outside production only, when CARD_SIGNING_SECRETS is not set. Fixed, not random: the web
 * process and the answer worker must agree, since a card posted by one is clicked in the other.
 */
const DEVELOPMENT_CARD_SECRET = 'steward-development-card-signing-key-not-for-production';

/** Domain of the approval cards' values; renaming it retires every approval button posted. */
const APPROVAL_VALUES_DOMAIN = 'steward/approval-values';

/**
 * The card keyring (configuration refuses production without one once a chat platform is set).
 * `chatPlatforms`: whether any card will be drawn, so the development key is worth a warning.
 */
export function createCardSigning(
  config: CardSigningConfig,
  logger: Logger,
  chatPlatforms: boolean,
): CardSigning {
  let secrets = config.secrets;
  if (secrets === undefined) {
    if (chatPlatforms) {
      logger.warn(
        { fix: 'set CARD_SIGNING_SECRETS (32+ characters, e.g. openssl rand -hex 32)' },
        'CARD_SIGNING_SECRETS is not set: card values are signed with a development key anyone can know',
      );
    }
    secrets = [DEVELOPMENT_CARD_SECRET];
  }
  return {
    secrets,
    approvalValues: new ApprovalValues(new ValueSigner(secrets, APPROVAL_VALUES_DOMAIN)),
  };
}
