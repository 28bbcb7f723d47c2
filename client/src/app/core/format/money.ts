/** Money is integer minor units plus an ISO 4217 code; these convert for people. */

const digitsCache = new Map<string, number>();

/** Decimal places of a currency's minor unit: 2 for CAD, 0 for JPY, 3 for BHD. */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(code, digits);
  }
  return digits;
}

export function formatMoney(minor: number, currency: string, locale?: string): string {
  const code = currency.toUpperCase();
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(
      minor / 10 ** currencyDigits(code),
    );
  } catch {
    return `${(minor / 100).toFixed(2)} ${code}`;
  }
}

/** `12.5` CAD → 1250; rounds to the nearest minor unit. */
export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyDigits(currency));
}

export function fromMinorUnits(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}

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
