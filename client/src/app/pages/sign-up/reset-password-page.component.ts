import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { AuthApi } from '../../core/api/auth.api';
import { PASSWORD_MIN_LENGTH } from '../../core/auth/password-rules';
import { action } from '../../core/data/remote';
import { NewPasswordFieldComponent } from '../../core/ui/account-fields.component';
import { ProblemComponent } from '../../core/problem/problem.component';

/** The page of a password reset link: choose the new password, then sign in with it. */
@Component({
  selector: 'inv-reset-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButton, ProblemComponent, NewPasswordFieldComponent],
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
            <inv-new-password-field
              [control]="form.controls.password"
              label="New password"
              testId="reset-password"
            />
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
