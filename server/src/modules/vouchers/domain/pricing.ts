/**
 * Money is an integer count of minor units with an ISO 4217 currency. No floating point.
 */
export interface Money {
  amountMinor: number;
  currency: string;
}

/** A wholesale tier: packs of `minQuantity` or more cost `unitPriceMinor` each. */
export interface PriceTier {
  minQuantity: number;
  unitPriceMinor: number;
}

export interface PriceList {
  currency: string;
  retailPriceMinor: number;
  tiers: PriceTier[];
}

export type PriceListError =
  | 'no-tier-from-one'
  | 'duplicate-tier'
  | 'tier-above-retail'
  | 'price-rises-with-quantity';

/** A sound price list starts a tier at 1, never charges more per voucher for a bigger pack. */
export function validatePriceList(list: PriceList): PriceListError | null {
  const tiers = [...list.tiers].sort((a, b) => a.minQuantity - b.minQuantity);
  if (tiers.length === 0 || tiers[0].minQuantity !== 1) return 'no-tier-from-one';
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i].minQuantity === tiers[i - 1].minQuantity) return 'duplicate-tier';
    if (tiers[i].unitPriceMinor > tiers[i - 1].unitPriceMinor) return 'price-rises-with-quantity';
  }
  if (tiers.some((t) => t.unitPriceMinor > list.retailPriceMinor)) return 'tier-above-retail';
  return null;
}

/** The tier a pack of `quantity` falls in. */
export function tierFor(list: PriceList, quantity: number): PriceTier {
  if (!Number.isInteger(quantity) || quantity < 1)
    throw new RangeError('quantity must be a whole number >= 1');
  const tier = [...list.tiers]
    .sort((a, b) => b.minQuantity - a.minQuantity)
    .find((t) => quantity >= t.minQuantity);
  if (!tier) throw new RangeError('the price list has no tier for this quantity');
  return tier;
}

export function unitPriceFor(list: PriceList, quantity: number): number {
  return tierFor(list, quantity).unitPriceMinor;
}

/** Multiplies without losing precision; refuses totals beyond exact integer range. */
export function multiply(unitPriceMinor: number, quantity: number): number {
  const total = BigInt(unitPriceMinor) * BigInt(quantity);
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount too large');
  return Number(total);
}

export function sum(amounts: Money[], currency: string): Money {
  let total = 0n;
  for (const a of amounts) {
    if (a.currency !== currency) throw new RangeError(`cannot add ${a.currency} to ${currency}`);
    total += BigInt(a.amountMinor);
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount too large');
  return { amountMinor: Number(total), currency };
}
