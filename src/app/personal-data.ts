import { isPhoneRegion, PatternPersonalDataDetector } from '../../adapters/personal-data/index.js';
import type { CoreConfig } from '../config/core-config.js';
import { ConfigError } from '../errors.js';
import type { PersonalDataDetector } from '../ports/personal-data-detector.js';

/** The detector every channel's `personalData` setting is applied with. */
export function createPersonalDataDetector(config: CoreConfig['personalData']): PersonalDataDetector {
  const unknown = config.phoneRegions.filter((code) => !isPhoneRegion(code));
  if (unknown.length > 0) {
    throw new ConfigError([`PERSONAL_DATA_PHONE_REGIONS: unknown region ${unknown.join(', ')}`]);
  }
  return new PatternPersonalDataDetector({ phoneRegions: config.phoneRegions.filter(isPhoneRegion) });
}
