import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';

/** Whether a configured region code is one libphonenumber knows ("US", "GB", "DE"...). */
export function isPhoneRegion(code: string): code is CountryCode {
  return isSupportedCountry(code);
}
