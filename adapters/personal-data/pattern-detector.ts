import type { CountryCode } from 'libphonenumber-js/max';
import type { PersonalDataDetector, PersonalDataFinding } from '../../src/ports/personal-data-detector.js';
import { phoneRecogniser, findEmails } from './contact-recognisers.js';
import { findAccessKeys, findPasswords, findSecrets } from './credential-recognisers.js';
import { findIbans, findPaymentCards } from './financial-recognisers.js';
import { findBirthDates, findNationalIds } from './identity-recognisers.js';
import type { Recogniser } from './recogniser.js';

export interface PatternDetectorOptions {
  /**
   * Where national phone numbers (no "+" prefix) are read as dialled; international numbers are
   * found whatever this says. ISO 3166 alpha-2 codes.
   */
  readonly phoneRegions: readonly CountryCode[];
}

/**
 * Finds personal data by shape and checksum (Luhn for cards, mod-97 for IBANs, numbering plans
 * for phone numbers) and, where a shape alone says too little (passwords, birth dates, identity
 * numbers of other countries), by the words written before it.
 */
export class PatternPersonalDataDetector implements PersonalDataDetector {
  private readonly recognisers: readonly Recogniser[];

  constructor(options: PatternDetectorOptions) {
    this.recognisers = [
      findEmails,
      phoneRecogniser(options.phoneRegions),
      findPaymentCards,
      findIbans,
      findNationalIds,
      findBirthDates,
      findAccessKeys,
      findSecrets,
      findPasswords,
    ];
  }

  find(text: string): readonly PersonalDataFinding[] {
    return this.recognisers.flatMap((recognise) => recognise(text));
  }
}
