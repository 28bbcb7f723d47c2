import { computed, inject, Injectable, signal } from '@angular/core';
import type { CertificationBodyDto } from '@invigil/contracts';
import { AuthService } from '../auth/auth.service';

const KEY = 'invigil.certificationBodyId';

/**
 * Which certification body a body admin (or the operator, who may act for any body) is working
 * on. Remembered for the browser session.
 */
@Injectable({ providedIn: 'root' })
export class BodyContext {
  private readonly auth = inject(AuthService);
  private readonly chosen = signal<string | null>(this.read());

  /** The bodies the user may manage, out of all bodies. */
  manageable(all: readonly CertificationBodyDto[]): CertificationBodyDto[] {
    if (this.auth.hasRole('platform_operator')) return [...all];
    const mine = new Set(
      this.auth
        .memberships()
        .filter((m) => m.role === 'certification_body_admin' && m.certificationBodyId)
        .map((m) => m.certificationBodyId as string),
    );
    return all.filter((b) => mine.has(b.id));
  }

  /** The chosen body among `options`, else the first. */
  current(options: readonly CertificationBodyDto[]): CertificationBodyDto | null {
    const id = this.chosen();
    return options.find((b) => b.id === id) ?? options[0] ?? null;
  }

  readonly chosenId = computed(() => this.chosen());

  select(id: string): void {
    this.chosen.set(id);
    try {
      sessionStorage.setItem(KEY, id);
    } catch {
      // kept in memory only
    }
  }

  private read(): string | null {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  }
}
