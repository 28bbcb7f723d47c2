import { ChangeDetectionStrategy, Component, effect, inject, input, output, untracked } from '@angular/core';
import {
  AbstractControl,
  FormArray,
  FormBuilder,
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { OpeningHoursDto } from '@invigil/contracts';
import { WEEKDAYS } from '../../core/format/labels';

type Span = FormGroup<{ opens: FormControl<string>; closes: FormControl<string> }>;
type Day = FormGroup<{ weekday: FormControl<number>; open: FormControl<boolean>; spans: FormArray<Span> }>;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function opensBeforeCloses(group: AbstractControl): ValidationErrors | null {
  const opens = group.get('opens')?.value as string;
  const closes = group.get('closes')?.value as string;
  return HH_MM.test(opens) && HH_MM.test(closes) && opens >= closes ? { order: true } : null;
}

function noOverlap(spans: AbstractControl): ValidationErrors | null {
  const list = (spans.value as { opens: string; closes: string }[])
    .filter((s) => HH_MM.test(s.opens) && HH_MM.test(s.closes))
    .sort((a, b) => a.opens.localeCompare(b.opens));
  for (let i = 1; i < list.length; i++) {
    if (list[i].opens < list[i - 1].closes) return { overlap: true };
  }
  return null;
}

/** Opening hours per ISO weekday, each day closed or open in one or more spans (centre-local). */
@Component({
  selector: 'inv-opening-hours-editor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatCheckbox, MatFormFieldModule, MatInput, MatButton],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate data-testid="opening-hours-form">
      <div class="days" formArrayName="days">
        @for (day of form.controls.days.controls; track day.controls.weekday.value; let d = $index) {
          <div class="day" [formGroupName]="d">
            <mat-checkbox
              formControlName="open"
              class="day-name"
              (change)="toggled(day)"
              [attr.data-testid]="'hours-open-' + day.controls.weekday.value"
              >{{ label(day.controls.weekday.value) }}</mat-checkbox
            >
            @if (day.controls.open.value) {
              <div class="spans" formArrayName="spans">
                @for (span of day.controls.spans.controls; track $index; let s = $index) {
                  <div class="span" [formGroupName]="s">
                    <mat-form-field subscriptSizing="dynamic">
                      <mat-label>Opens</mat-label>
                      <input
                        matInput
                        type="time"
                        formControlName="opens"
                        [attr.data-testid]="'hours-opens-' + day.controls.weekday.value + '-' + s"
                      />
                    </mat-form-field>
                    <span class="dash">–</span>
                    <mat-form-field subscriptSizing="dynamic">
                      <mat-label>Closes</mat-label>
                      <input
                        matInput
                        type="time"
                        formControlName="closes"
                        [attr.data-testid]="'hours-closes-' + day.controls.weekday.value + '-' + s"
                      />
                    </mat-form-field>
                    @if (day.controls.spans.length > 1) {
                      <button mat-button type="button" (click)="removeSpan(day, s)">Remove</button>
                    }
                    @if (span.hasError('order')) {
                      <span class="form-error">Closing must be after opening</span>
                    }
                  </div>
                }
                @if (day.controls.spans.hasError('overlap')) {
                  <span class="form-error">The spans overlap</span>
                }
                <button mat-button type="button" class="add" (click)="addSpan(day)">
                  Add a break / second span
                </button>
              </div>
            } @else {
              <span class="muted closed">Closed</span>
            }
          </div>
        }
      </div>
      <div class="actions-row">
        <button mat-button type="button" (click)="copyMonday()">Copy Monday to weekdays</button>
        <button
          mat-flat-button
          type="submit"
          [disabled]="pending() || form.pristine"
          data-testid="hours-save"
        >
          {{ pending() ? 'Saving…' : 'Save opening hours' }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .day {
      display: flex;
      align-items: flex-start;
      gap: 16px;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-surface-container-high);
    }
    .day-name {
      width: 140px;
      flex: none;
      padding-top: 8px;
    }
    .spans {
      display: flex;
      flex-direction: column;
      gap: 8px;
      align-items: flex-start;
    }
    .span {
      display: flex;
      align-items: center;
      gap: 8px;
      flex-wrap: wrap;
    }
    .span mat-form-field {
      width: 140px;
    }
    .closed {
      padding-top: 16px;
    }
    .dash {
      color: var(--mat-sys-on-surface-variant);
    }
    .add {
      margin-left: -12px;
    }
  `,
})
export class OpeningHoursEditorComponent {
  readonly hours = input.required<OpeningHoursDto[]>();
  readonly pending = input(false);
  readonly saved = output<OpeningHoursDto[]>();

  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({ days: this.fb.array<Day>([]) });

  constructor() {
    effect(() => {
      const hours = this.hours();
      untracked(() => this.fill(hours));
    });
  }

  protected label(weekday: number): string {
    return WEEKDAYS.find((d) => d.value === weekday)?.label ?? String(weekday);
  }

  private span(opens = '09:00', closes = '17:00'): Span {
    return this.fb.group(
      {
        opens: [opens, [Validators.required, Validators.pattern(HH_MM)]],
        closes: [closes, [Validators.required, Validators.pattern(HH_MM)]],
      },
      { validators: opensBeforeCloses },
    );
  }

  private fill(hours: OpeningHoursDto[]): void {
    const days = this.form.controls.days;
    days.clear();
    for (const { value } of WEEKDAYS) {
      const spans = hours
        .filter((h) => h.weekday === value)
        .sort((a, b) => a.opens.localeCompare(b.opens))
        .map((h) => this.span(h.opens.slice(0, 5), h.closes.slice(0, 5)));
      days.push(
        this.fb.group({
          weekday: this.fb.control(value),
          open: this.fb.control(spans.length > 0),
          spans: this.fb.array<Span>(spans, { validators: noOverlap }),
        }),
      );
    }
    this.form.markAsPristine();
  }

  protected toggled(day: Day): void {
    if (day.controls.open.value && day.controls.spans.length === 0) day.controls.spans.push(this.span());
    this.form.markAsDirty();
  }

  protected addSpan(day: Day): void {
    const last = day.controls.spans.at(-1)?.getRawValue();
    day.controls.spans.push(
      last ? this.span(last.closes, last.closes < '22:00' ? '22:00' : '23:59') : this.span(),
    );
    this.form.markAsDirty();
  }

  protected removeSpan(day: Day, index: number): void {
    day.controls.spans.removeAt(index);
    this.form.markAsDirty();
  }

  protected copyMonday(): void {
    const [monday, ...rest] = this.form.controls.days.controls;
    for (const day of rest.slice(0, 4)) {
      day.controls.open.setValue(monday.controls.open.value);
      day.controls.spans.clear();
      for (const s of monday.controls.spans.getRawValue())
        day.controls.spans.push(this.span(s.opens, s.closes));
    }
    this.form.markAsDirty();
  }

  protected submit(): void {
    const openDays = this.form.controls.days.controls.filter((d) => d.controls.open.value);
    if (openDays.some((d) => d.controls.spans.invalid)) {
      this.form.markAllAsTouched();
      return;
    }
    this.saved.emit(
      openDays.flatMap((d) =>
        d.controls.spans
          .getRawValue()
          .map((s) => ({ weekday: d.controls.weekday.value, opens: s.opens, closes: s.closes })),
      ),
    );
  }

  /** After a successful save the values are the saved ones. */
  markSaved(): void {
    this.form.markAsPristine();
  }
}
