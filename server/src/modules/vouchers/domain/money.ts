/** An amount in minor units for people, e.g. 10000 USD → "$100.00", 1500 JPY → "¥1,500". */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
