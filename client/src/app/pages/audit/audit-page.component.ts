import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import type { AuditEntryDto } from '@invigil/contracts';
import { AuditApi } from '../../core/api/audit.api';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { remote } from '../../core/data/remote';
import { DateTimePipe } from '../../core/format/format.pipes';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';

export type AuditScope = 'platform' | 'institution';

/** `centre.created` → `Centre created`; `auth.password_changed` → `Auth password changed` */
export function describeAction(action: string): string {
  const text = action.replace(/[._]/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Details as `key: value` pairs, nested values as compact JSON. */
export function describeDetails(details: Record<string, unknown>): { key: string; value: string }[] {
  return Object.entries(details ?? {}).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}

/** Who did what, when: the operator's whole trail or one institution's. */
@Component({
  selector: 'inv-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButton,
    MatPaginator,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    DateTimePipe,
  ],
  templateUrl: './audit-page.component.html',
  styles: `
    .details {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      max-width: 460px;
    }
    .details span {
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      max-width: 440px;
    }
    .entity {
      max-width: 200px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    td.when {
      white-space: nowrap;
    }
  `,
})
export class AuditPageComponent {
  private readonly api = inject(AuditApi);
  private readonly context = inject(InstitutionContext);

  /** from the route's data */
  readonly scope = input<AuditScope>('institution');

  protected readonly pageSize = signal(50);
  protected readonly pageIndex = signal(0);
  protected readonly heading = computed(() =>
    this.scope() === 'platform'
      ? 'Audit log'
      : `Audit log of ${this.context.current()?.name ?? 'your institution'}`,
  );

  protected readonly entries = remote(
    () => {
      const page = { limit: this.pageSize(), offset: this.pageIndex() * this.pageSize() };
      if (this.scope() === 'platform') return { ...page, institutionId: null };
      const institutionId = this.context.institutionId();
      return institutionId ? { ...page, institutionId } : undefined;
    },
    ({ institutionId, limit, offset }) =>
      institutionId
        ? this.api.forInstitution(institutionId, { limit, offset })
        : this.api.all({ limit, offset }),
  );
  protected readonly rows = computed(() =>
    (this.entries.value()?.items ?? []).map((e: AuditEntryDto) => ({
      ...e,
      label: describeAction(e.action),
      detailPairs: describeDetails(e.details),
    })),
  );

  protected changePage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }
}
