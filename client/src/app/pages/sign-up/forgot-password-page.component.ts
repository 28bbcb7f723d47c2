import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { AuthApi } from '../../core/api/auth.api';
import { action } from '../../core/data/remote';
import { EmailFieldComponent } from '../../core/ui/account-fields.component';
import { ProblemComponent } from '../../core/problem/problem.component';

/** Asks for a password reset link; says the same whether or not the address has an account. */
@Component({
  selector: 'inv-forgot-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButton, ProblemComponent, EmailFieldComponent],
  styleUrl: '../login/login-page.component.scss',
  template: `
    <div class="wrap">
      <section class="card">
        <h1>Forgot your password?</h1>
        @if (sentTo(); as email) {
          <div class="notice" role="status" data-testid="forgot-sent">
            If <strong>{{ email }}</strong> has an Invigil account, a link to choose a new password is on its
            way. It works once, for an hour.
          </div>
        } @else {
          <p class="lead">We mail a link to choose a new one.</p>
          <inv-problem [problem]="ask.problem()" />
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <inv-email-field [control]="form.controls.email" testId="forgot-email" />
            <button
              mat-flat-button
              type="submit"
              class="submit"
              [disabled]="ask.pending()"
              data-testid="forgot-submit"
            >
              Send the link
            </button>
          </form>
        }
        <p class="footer muted small"><a routerLink="/login">Back to sign in</a></p>
      </section>
    </div>
  `,
})
export class ForgotPasswordPageComponent {
  private readonly api = inject(AuthApi);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email]],
  });
  protected readonly ask = action();
  protected readonly sentTo = signal<string | null>(null);

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const email = this.form.getRawValue().email.trim();
    this.ask.run(this.api.requestPasswordReset({ email }), () => this.sentTo.set(email));
  }
}
