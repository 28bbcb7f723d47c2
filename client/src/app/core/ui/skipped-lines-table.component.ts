import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** A line of an uploaded roster that was not taken, and why. */
export interface SkippedLine {
  line: number;
  email: string | null;
  reason: string;
}

/** The lines of a CSV roster that were skipped, in file order; nothing when none were. */
@Component({
  selector: 'inv-skipped-lines',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (lines().length) {
      <table class="inv-table">
        <thead>
          <tr>
            <th class="num">Line</th>
            <th>Email</th>
            <th>Why it was skipped</th>
          </tr>
        </thead>
        <tbody>
          @for (s of lines(); track s.line) {
            <tr [attr.data-testid]="rowTestId()">
              <td class="num">{{ s.line }}</td>
              <td>{{ s.email || '—' }}</td>
              <td>{{ s.reason }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
})
export class SkippedLinesTableComponent {
  readonly lines = input.required<readonly SkippedLine[]>();
  readonly rowTestId = input<string | null>(null);
}
