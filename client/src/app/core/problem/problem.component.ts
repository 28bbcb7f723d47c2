import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ViewerZone } from '../format/viewer-zone.service';
import { humanizeField, ReadableProblem } from './problem';
import { explainProblem } from './problem-messages';

/** Shows a problem+json error: its title, detail (retold for people where needed) and the fields to fix. */
@Component({
  selector: 'inv-problem',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (shown(); as p) {
      <div class="inv-problem" role="alert" data-testid="problem" [attr.data-kind]="p.kind">
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 2 1 21h22L12 2zm1 15h-2v-2h2v2zm0-4h-2V9h2v4z" />
        </svg>
        <div class="body">
          <div class="title" data-testid="problem-title">{{ p.title }}</div>
          @if (p.detail) {
            <div class="detail" data-testid="problem-detail">{{ p.detail }}</div>
          }
          @if (fields().length) {
            <ul class="fields">
              @for (f of fields(); track f.field) {
                <li>
                  <strong>{{ f.label }}</strong
                  >: {{ f.messages }}
                </li>
              }
            </ul>
          }
        </div>
      </div>
    }
  `,
  styles: `
    .inv-problem {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      padding: 12px 16px;
      margin: 8px 0 16px;
      border-radius: 8px;
      border: 1px solid color-mix(in srgb, var(--mat-sys-error) 40%, transparent);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .icon {
      flex: none;
      width: 20px;
      height: 20px;
      fill: currentColor;
      margin-top: 1px;
    }
    .title {
      font-weight: 600;
    }
    .detail {
      margin-top: 2px;
    }
    .fields {
      margin: 6px 0 0;
      padding-left: 18px;
    }
  `,
})
export class ProblemComponent {
  readonly problem = input<ReadableProblem | null | undefined>(null);
  private readonly viewer = inject(ViewerZone);

  protected readonly shown = computed(() => {
    const problem = this.problem();
    return problem ? explainProblem(problem, this.viewer.zone()) : null;
  });

  protected readonly fields = computed(() =>
    (this.shown()?.fieldErrors ?? []).map((e) => ({
      field: e.field,
      label: humanizeField(e.field),
      messages: e.messages.join('; '),
    })),
  );
}
