import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatListModule } from '@angular/material/list';
import type { MemberDto, VoucherDto } from '@invigil/contracts';
import { InstitutionsApi } from '../../core/api/institutions.api';
import { remote } from '../../core/data/remote';
import { ProblemComponent } from '../../core/problem/problem.component';
import { LoadingComponent } from '../../core/ui/loading.component';

/** candidates listed at once; the search reaches every other one */
const PAGE = 50;
const SEARCH_DELAY_MS = 250;

export interface AssignVoucherDialogData {
  institutionId: string;
  voucher: VoucherDto;
}

/** Picks the candidate of the institution a voucher goes to; closes with their member record. */
@Component({
  selector: 'inv-assign-voucher-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatDialogModule,
    MatButton,
    MatFormFieldModule,
    MatInput,
    MatListModule,
    ProblemComponent,
    LoadingComponent,
  ],
  template: `
    <h2 mat-dialog-title>Assign a {{ data.voucher.examCode }} voucher</h2>
    <mat-dialog-content>
      <p>The candidate is emailed and finds the voucher under "My vouchers".</p>
      <mat-form-field class="full" subscriptSizing="dynamic">
        <mat-label>Find a candidate</mat-label>
        <input
          matInput
          (input)="search($any($event.target).value)"
          placeholder="Name or email"
          data-testid="assign-search"
          autocomplete="off"
        />
      </mat-form-field>
      <inv-problem [problem]="candidates.problem()" />
      @if (candidates.loading()) {
        <inv-loading label="Loading candidates…" />
      } @else if (shown().length === 0) {
        <p class="muted">No candidate matches. Invite candidates on the Members page.</p>
      } @else {
        @if (more() > 0) {
          <p class="muted" data-testid="assign-more">
            {{ more() }} more candidates: type a part of a name or email to find them.
          </p>
        }
        <mat-selection-list
          [multiple]="false"
          (selectionChange)="picked.set($event.options[0].value)"
          aria-label="Candidates"
        >
          @for (c of shown(); track c.userId) {
            <mat-list-option [value]="c" data-testid="assign-candidate">
              <span matListItemTitle>{{ c.displayName }}</span>
              <span matListItemLine>{{ c.email }}</span>
            </mat-list-option>
          }
        </mat-selection-list>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="ref.close()" data-testid="assign-cancel">Cancel</button>
      <button
        mat-flat-button
        type="button"
        [disabled]="!picked()"
        (click)="ref.close(picked() ?? undefined)"
        data-testid="assign-confirm"
      >
        Assign{{ picked() ? ' to ' + picked()?.displayName : '' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .full {
      width: 100%;
    }
    mat-selection-list {
      max-height: 320px;
      overflow: auto;
    }
  `,
})
export class AssignVoucherDialogComponent {
  protected readonly data = inject<AssignVoucherDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<AssignVoucherDialogComponent, MemberDto>>(MatDialogRef);
  private readonly api = inject(InstitutionsApi);

  /** what the server was last asked for: typing waits a moment before asking */
  private readonly query = signal('');
  private timer: ReturnType<typeof setTimeout> | undefined;
  protected readonly candidates = remote(
    () => ({ q: this.query() }),
    ({ q }) => this.api.members(this.data.institutionId, { role: 'candidate', q, limit: PAGE, offset: 0 }),
  );
  protected readonly picked = signal<MemberDto | null>(null);
  protected readonly shown = computed(() => this.candidates.value()?.items ?? []);
  protected readonly more = computed(() => (this.candidates.value()?.total ?? 0) - this.shown().length);

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  /** Searches the institution's candidates on the server (all of them, not just a first page). */
  protected search(text: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.query.set(text.trim()), SEARCH_DELAY_MS);
  }
}
