import { computed, inject, Injectable, signal } from '@angular/core';
import type { MembershipDto, RoleName } from '@invigil/contracts';
import { AuthService } from '../auth/auth.service';

const KEY = 'invigil.institutionId';

export interface InstitutionMembership {
  id: string;
  name: string;
  roles: RoleName[];
}

/** The institutions a user belongs to, with the roles held in each (in first-seen order). */
export function institutionsOf(memberships: readonly MembershipDto[]): InstitutionMembership[] {
  const byId = new Map<string, InstitutionMembership>();
  for (const m of memberships) {
    if (!m.institutionId) continue;
    const entry = byId.get(m.institutionId) ?? {
      id: m.institutionId,
      name: m.institutionName ?? 'Institution',
      roles: [],
    };
    if (!entry.roles.includes(m.role)) entry.roles.push(m.role);
    byId.set(m.institutionId, entry);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function readStored(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/**
 * Which institution the user is working in, when they hold roles in several. Remembered for
 * the browser session (sessionStorage), so each tab can work in its own institution.
 */
@Injectable({ providedIn: 'root' })
export class InstitutionContext {
  private readonly auth = inject(AuthService);
  private readonly chosen = signal<string | null>(readStored());

  readonly institutions = computed(() => institutionsOf(this.auth.memberships()));
  readonly current = computed<InstitutionMembership | null>(() => {
    const list = this.institutions();
    return list.find((i) => i.id === this.chosen()) ?? list[0] ?? null;
  });
  readonly institutionId = computed(() => this.current()?.id ?? null);
  readonly roles = computed(() => this.current()?.roles ?? []);

  hasRole(role: RoleName): boolean {
    return this.roles().includes(role);
  }

  select(institutionId: string): void {
    this.chosen.set(institutionId);
    try {
      sessionStorage.setItem(KEY, institutionId);
    } catch {
      // kept in memory only
    }
  }
}
