import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';

/** Rosters are pasted or uploaded as CSV; the server refuses larger bodies anyway. */
export const MAX_ROSTER_BYTES = 512 * 1024;

/** "Upload a CSV file": reads the chosen file as text and hands it over, or says why it cannot. */
@Component({
  selector: 'inv-csv-file-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton],
  template: `
    <input #file type="file" accept=".csv,text/csv,text/plain" class="file-input" (change)="read($event)" />
    <button mat-stroked-button type="button" (click)="file.click()" [attr.data-testid]="testId()">
      Upload a CSV file
    </button>
    @if (fileName()) {
      <span class="muted small">Loaded {{ fileName() }}</span>
    }
    @if (problem()) {
      <span class="form-error">{{ problem() }}</span>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .file-input {
      display: none;
    }
  `,
})
export class CsvFileButtonComponent {
  readonly testId = input.required<string>();
  /** the file's text, once read */
  readonly loaded = output<string>();

  protected readonly fileName = signal<string | null>(null);
  protected readonly problem = signal<string | null>(null);

  /** Forgets the loaded file's name, e.g. once its roster was sent. */
  clear(): void {
    this.fileName.set(null);
    this.problem.set(null);
  }

  protected read(event: Event): void {
    const picker = event.target as HTMLInputElement;
    const file = picker.files?.[0];
    picker.value = '';
    this.problem.set(null);
    if (!file) return;
    if (file.size > MAX_ROSTER_BYTES) {
      this.problem.set(`The file is larger than ${MAX_ROSTER_BYTES / 1024} KB; split the roster.`);
      return;
    }
    file.text().then(
      (text) => {
        this.fileName.set(file.name);
        this.loaded.emit(text);
      },
      () => this.problem.set(`${file.name} could not be read`),
    );
  }
}
