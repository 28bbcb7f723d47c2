import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { PASSWORD_MIN_LENGTH } from '../auth/password-rules';
import { followControl } from './follow-control';

const FIELD_STYLES = `
  :host {
    display: block;
  }
  .full {
    width: 100%;
  }
`;

/** An email address input bound to a string control, with the app's messages for its errors. */
@Component({
  selector: 'inv-email-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInput],
  template: `
    <mat-form-field class="full">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        type="email"
        [formControl]="control()"
        [attr.autocomplete]="autocomplete()"
        [attr.data-testid]="testId()"
      />
      @if (control().hasError('required')) {
        <mat-error>Enter your email address</mat-error>
      } @else if (control().hasError('email')) {
        <mat-error>That is not an email address</mat-error>
      } @else if (control().hasError('server')) {
        <mat-error>{{ control().getError('server') }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: FIELD_STYLES,
})
export class EmailFieldComponent {
  readonly control = input.required<FormControl<string>>();
  readonly testId = input.required<string>();
  readonly label = input('Email');
  /** "username" where it signs in, "email" where an account is made */
  readonly autocomplete = input('email');

  constructor() {
    followControl(this.control);
  }
}

/** A password being chosen (sign-up, reset, invitation): the length rule as a hint and its errors. */
@Component({
  selector: 'inv-new-password-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInput],
  template: `
    <mat-form-field class="full">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        type="password"
        [formControl]="control()"
        autocomplete="new-password"
        [attr.data-testid]="testId()"
      />
      <mat-hint>At least {{ minLength }} characters; a passphrase is best</mat-hint>
      @if (control().hasError('required')) {
        <mat-error>Choose a password</mat-error>
      } @else if (control().hasError('minlength')) {
        <mat-error>At least {{ minLength }} characters</mat-error>
      } @else if (control().hasError('server')) {
        <mat-error>{{ control().getError('server') }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: FIELD_STYLES,
})
export class NewPasswordFieldComponent {
  readonly control = input.required<FormControl<string>>();
  readonly testId = input.required<string>();
  readonly label = input('Password');
  protected readonly minLength = PASSWORD_MIN_LENGTH;

  constructor() {
    followControl(this.control);
  }
}
