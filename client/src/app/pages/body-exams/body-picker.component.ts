import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { CertificationBodyDto } from '@invigil/contracts';

/** Chooses the certification body to work on, shown only when there is a choice. */
@Component({
  selector: 'inv-body-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatSelectModule],
  template: `
    @if (bodies().length > 1) {
      <mat-form-field subscriptSizing="dynamic" class="picker">
        <mat-label>Certification body</mat-label>
        <mat-select [value]="selected()?.id" (valueChange)="chosen.emit($event)" data-testid="body-picker">
          @for (b of bodies(); track b.id) {
            <mat-option [value]="b.id">{{ b.name }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
    } @else if (selected(); as b) {
      <span class="single">{{ b.name }}</span>
    }
  `,
  styles: `
    .picker {
      width: 260px;
    }
    .single {
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class BodyPickerComponent {
  readonly bodies = input.required<CertificationBodyDto[]>();
  readonly selected = input<CertificationBodyDto | null>(null);
  readonly chosen = output<string>();
}
