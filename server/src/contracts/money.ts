/**
 * Money on the wire is integer minor units plus an ISO 4217 code (no floating point is ever
 * stored or sent); these convert it for people, the same on the server (mails) and the client.
 */

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

/** e.g. 10000 USD → "$100.00", 1500 JPY → "¥1,500"; `locale` defaults to the runtime's own. */
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
