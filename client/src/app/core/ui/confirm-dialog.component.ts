import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';

export interface ConfirmDialogData {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  /** asks for text (a reason, an email) or an amount before confirming */
  input?: {
    label: string;
    required: boolean;
    hint?: string;
    type?: 'text' | 'email' | 'amount';
    value?: string;
  };
}

/** Returns `false` when cancelled, otherwise the text entered (or '' without an input). */
export type ConfirmDialogResult = string | false;

@Component({
  selector: 'inv-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButton, MatFormFieldModule, MatInput, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p>{{ data.message }}</p>
      @if (data.input; as field) {
        <mat-form-field class="full">
          <mat-label>{{ field.label }}</mat-label>
          @switch (field.type ?? 'text') {
            @case ('amount') {
              <input
                matInput
                type="number"
                min="0"
                step="any"
                [formControl]="text"
                data-testid="confirm-input"
              />
            }
            @case ('email') {
              <input matInput type="email" [formControl]="text" data-testid="confirm-input" />
            }
            @default {
              <textarea matInput rows="3" [formControl]="text" data-testid="confirm-input"></textarea>
            }
          }
          @if (field.hint) {
            <mat-hint>{{ field.hint }}</mat-hint>
          }
          @if (text.hasError('required')) {
            <mat-error>Required</mat-error>
          } @else if (text.hasError('min')) {
            <mat-error>Must not be negative</mat-error>
          } @else if (text.hasError('email')) {
            <mat-error>That is not an email address</mat-error>
          }
        </mat-form-field>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="ref.close(false)" data-testid="confirm-cancel">Cancel</button>
      <button
        mat-flat-button
        type="button"
        [class.danger]="data.danger"
        (click)="confirm()"
        data-testid="confirm-ok"
      >
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .full {
      width: 100%;
    }
    p {
      margin-top: 0;
    }
  `,
})
export class ConfirmDialogComponent {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<ConfirmDialogComponent, ConfirmDialogResult>>(MatDialogRef);
  protected readonly text = new FormControl<string>(this.data.input?.value ?? '', {
    nonNullable: true,
    validators: [
      Validators.maxLength(1000),
      ...(this.data.input?.required ? [Validators.required] : []),
      ...(this.data.input?.type === 'amount' ? [Validators.min(0)] : []),
      ...(this.data.input?.type === 'email' ? [Validators.email] : []),
    ],
  });

  protected confirm(): void {
    if (this.text.invalid) {
      this.text.markAsTouched();
      return;
    }
    // a number input hands back a number
    this.ref.close(String(this.text.value ?? '').trim());
  }
}
