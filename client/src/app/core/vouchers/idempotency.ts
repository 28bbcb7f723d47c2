import type { ReadableProblem } from '../problem/problem';

/**
 * One Idempotency-Key per purchase attempt. A retry of the same purchase (same fingerprint)
 * after a failure whose outcome is unknown (network error, timeout, server error, a race the
 * server asks to retry) reuses the key, so the server answers with the order it may already have
 * made instead of buying twice. A changed purchase, a success or a definite refusal starts afresh.
 */
export class IdempotencyKeys {
  private pending: { fingerprint: string; key: string } | null;

  /**
   * With `store` (the tab's sessionStorage), the pending key survives a reload of the page: a
   * purchase retried after reloading while its outcome was unknown is still the same purchase.
   */
  constructor(
    private readonly generate: () => string = randomKey,
    private readonly store?: { storage: KeyStorage; name: string },
  ) {
    this.pending = this.read();
  }

  /** The key to send for this purchase. */
  keyFor(fingerprint: string): string {
    if (this.pending?.fingerprint !== fingerprint) {
      this.save({ fingerprint, key: this.generate() });
    }
    return (this.pending as { key: string }).key;
  }

  /** The purchase went through: the next one is a new purchase. */
  succeeded(): void {
    this.save(null);
  }

  /** Keeps the key only when the server may have acted on the request. */
  failed(problem: ReadableProblem): void {
    if (!outcomeUnknown(problem)) this.save(null);
  }

  /** the key a retry would reuse, if any */
  get pendingKey(): string | null {
    return this.pending?.key ?? null;
  }

  private save(pending: { fingerprint: string; key: string } | null): void {
    this.pending = pending;
    if (!this.store) return;
    try {
      if (pending) this.store.storage.setItem(this.store.name, JSON.stringify(pending));
      else this.store.storage.removeItem(this.store.name);
    } catch {
      // storage full or denied: the key still holds for this page
    }
  }

  private read(): { fingerprint: string; key: string } | null {
    if (!this.store) return null;
    try {
      const saved = JSON.parse(this.store.storage.getItem(this.store.name) ?? 'null') as unknown;
      return saved &&
        typeof saved === 'object' &&
        typeof (saved as { fingerprint?: unknown }).fingerprint === 'string' &&
        typeof (saved as { key?: unknown }).key === 'string'
        ? (saved as { fingerprint: string; key: string })
        : null;
    } catch {
      return null;
    }
  }
}

/** The part of the Web Storage API the keys use. */
export type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function outcomeUnknown(problem: Pick<ReadableProblem, 'kind' | 'status'>): boolean {
  return (
    problem.status === 0 || problem.status >= 500 || problem.kind === 'conflict' || problem.status === 408
  );
}

/** A stable description of an order's items, independent of their order. */
export function orderFingerprint(
  scope: string,
  items: readonly { examId: string; quantity: number }[],
): string {
  return JSON.stringify([
    scope,
    [...items].sort((a, b) => a.examId.localeCompare(b.examId)).map((i) => [i.examId, i.quantity]),
  ]);
}

/** 128 random bits as hex; `crypto.randomUUID` exists only in secure contexts, `getRandomValues` everywhere. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
