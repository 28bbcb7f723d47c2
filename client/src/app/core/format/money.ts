/** Money is integer minor units plus an ISO 4217 code; the conversions are shared with the server. */

export { currencyDigits, formatMoney, fromMinorUnits, toMinorUnits } from '@invigil/contracts';

/** Currencies offered when a centre sets a fee; the institution's own comes first. */
export const COMMON_CURRENCIES = ['CAD', 'USD', 'GBP', 'EUR', 'AUD', 'NZD', 'INR', 'SGD', 'ZAR', 'JPY'];

const CURRENCY_BY_COUNTRY: Record<string, string> = {
  CA: 'CAD',
  US: 'USD',
  GB: 'GBP',
  IE: 'EUR',
  FR: 'EUR',
  DE: 'EUR',
  ES: 'EUR',
  IT: 'EUR',
  NL: 'EUR',
  AU: 'AUD',
  NZ: 'NZD',
  IN: 'INR',
  SG: 'SGD',
  ZA: 'ZAR',
  JP: 'JPY',
};

export function currencyForCountry(country: string | null | undefined): string {
  return CURRENCY_BY_COUNTRY[(country ?? '').toUpperCase()] ?? 'USD';
}
