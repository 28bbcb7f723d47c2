import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { AuthApi } from '../../core/api/auth.api';
import { PASSWORD_MIN_LENGTH } from '../../core/auth/password-rules';
import { action } from '../../core/data/remote';
import { ProblemComponent } from '../../core/problem/problem.component';

/** The page of a password reset link: choose the new password, then sign in with it. */
@Component({
  selector: 'inv-reset-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInput, MatButton, ProblemComponent],
  styleUrl: '../login/login-page.component.scss',
  template: `
    <div class="wrap">
      <section class="card">
        <h1>Choose a new password</h1>
        @if (done()) {
          <div class="notice" role="status" data-testid="reset-done">
            Your password is changed, and every other session of your account has ended.
          </div>
          <a mat-flat-button routerLink="/login" data-testid="reset-sign-in">Sign in</a>
        } @else {
          <inv-problem [problem]="reset.problem()" />
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <mat-form-field class="full">
              <mat-label>New password</mat-label>
              <input
                matInput
                type="password"
                formControlName="password"
                autocomplete="new-password"
                data-testid="reset-password"
              />
              <mat-hint>At least {{ minPassword }} characters</mat-hint>
              @if (form.controls.password.hasError('minlength')) {
                <mat-error>At least {{ minPassword }} characters</mat-error>
              }
            </mat-form-field>
            <button
              mat-flat-button
              type="submit"
              class="submit"
              [disabled]="reset.pending()"
              data-testid="reset-submit"
            >
              Set the password
            </button>
          </form>
          <p class="footer muted small"><a routerLink="/forgot-password">Ask for a new link</a></p>
        }
      </section>
    </div>
  `,
})
export class ResetPasswordPageComponent {
  private readonly api = inject(AuthApi);
  /** from the link (`/reset-password/:token`) */
  readonly token = input.required<string>();
  protected readonly minPassword = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
  });
  protected readonly reset = action();
  protected readonly done = signal(false);

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.reset.run(
      this.api.completePasswordReset({ token: this.token(), password: this.form.getRawValue().password }),
      () => this.done.set(true),
    );
  }
}
