import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { MailMessageDto } from '@invigil/contracts';
import { DevMailboxApi } from '../../core/api/dev-mailbox.api';
import { remote } from '../../core/data/remote';
import { DateTimePipe } from '../../core/format/format.pipes';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { splitMailText } from './mail-text';

/** Development only: the mail the server would have sent, with its links made clickable. */
@Component({
  selector: 'inv-dev-mailbox-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatFormFieldModule,
    MatInput,
    MatButton,
    MatExpansionModule,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DateTimePipe,
  ],
  templateUrl: './dev-mailbox-page.component.html',
  styles: `
    .filter {
      display: flex;
      gap: 12px;
      align-items: center;
      flex-wrap: wrap;
      margin-bottom: 8px;
    }
    .filter mat-form-field {
      width: 320px;
    }
    .headline {
      display: flex;
      flex-direction: column;
      gap: 2px;
      min-width: 0;
    }
    .subject {
      font-weight: 600;
    }
    .mail-text {
      white-space: pre-wrap;
      word-break: break-word;
      font-family: var(--inv-mono);
      font-size: 13px;
      line-height: 1.5;
      background: var(--mat-sys-surface-container-low);
      padding: 12px 16px;
      border-radius: 8px;
      margin: 0;
    }
  `,
})
export class DevMailboxPageComponent {
  private readonly api = inject(DevMailboxApi);
  protected readonly to = new FormControl('', { nonNullable: true, validators: Validators.email });
  private readonly recipient = signal<string | null>(null);
  protected readonly mailbox = remote(
    () => ({ to: this.recipient() }),
    ({ to }) => this.api.list(to),
  );
  protected readonly messages = computed(() =>
    (this.mailbox.value() ?? []).map((m: MailMessageDto) => ({ ...m, parts: splitMailText(m.text) })),
  );

  protected applyFilter(): void {
    if (this.to.invalid) return;
    const value = this.to.value.trim() || null;
    if (value === this.recipient()) this.mailbox.reload();
    else this.recipient.set(value);
  }

  protected tone(status: MailMessageDto['status']): 'success' | 'warning' | 'danger' {
    return status === 'sent' ? 'success' : status === 'pending' ? 'warning' : 'danger';
  }
}
