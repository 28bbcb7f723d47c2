import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { filterTimeZones } from '../format/time-zones';
import { followControl } from './follow-control';

/** A searchable IANA time-zone input (type "vanc" or "new york") bound to a string control. */
@Component({
  selector: 'inv-time-zone-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInput, MatAutocompleteModule],
  template: `
    <mat-form-field class="full">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        [formControl]="control()"
        [matAutocomplete]="zones"
        [attr.data-testid]="testId()"
        (input)="onInput($event)"
        autocomplete="off"
        spellcheck="false"
        [placeholder]="placeholder()"
      />
      <mat-autocomplete #zones="matAutocomplete">
        @for (option of options(); track option.zone) {
          <mat-option [value]="option.zone">
            <span class="zone">{{ option.zone }}</span>
            <span class="offset">{{ option.offset }}</span>
          </mat-option>
        }
      </mat-autocomplete>
      @if (hint()) {
        <mat-hint>{{ hint() }}</mat-hint>
      }
      @if (control().hasError('required')) {
        <mat-error>Choose a time zone</mat-error>
      } @else if (control().hasError('timeZone')) {
        <mat-error>Not a known IANA time zone (e.g. America/Vancouver)</mat-error>
      } @else if (control().hasError('server')) {
        <mat-error>{{ control().getError('server') }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    .full {
      width: 100%;
    }
    .offset {
      margin-left: 12px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class TimeZoneFieldComponent {
  readonly control = input.required<FormControl<string>>();
  readonly label = input('Time zone');
  readonly hint = input<string | null>(null);
  readonly placeholder = input('e.g. America/Toronto');
  readonly testId = input('time-zone');

  private readonly query = signal('');
  protected readonly options = computed(() => filterTimeZones(this.query()));

  constructor() {
    followControl(this.control);
  }

  protected onInput(event: Event): void {
    this.query.set((event.target as HTMLInputElement).value);
  }
}
