import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AuthApi } from '../../core/api/auth.api';
import { PASSWORD_MIN_LENGTH } from '../../core/auth/password-rules';
import { action } from '../../core/data/remote';
import { EmailFieldComponent, NewPasswordFieldComponent } from '../../core/ui/account-fields.component';
import { ProblemComponent } from '../../core/problem/problem.component';

/** An individual creates their own account; the address is confirmed by a mailed link. */
@Component({
  selector: 'inv-sign-up-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatFormFieldModule,
    MatInput,
    MatButton,
    MatProgressBar,
    ProblemComponent,
    EmailFieldComponent,
    NewPasswordFieldComponent,
  ],
  styleUrl: '../login/login-page.component.scss',
  template: `
    <div class="wrap">
      <section class="card">
        @if (create.pending()) {
          <mat-progress-bar mode="indeterminate" class="progress" />
        }
        <h1>Create an account</h1>
        @if (sentTo(); as email) {
          <div class="notice" role="status" data-testid="sign-up-sent">
            Check your mail at <strong>{{ email }}</strong
            >: follow the link in it to confirm your address, then sign in.
          </div>
          <p class="footer muted small">
            No mail? It can take a minute; look in spam too. In development, sent mail is in the
            <a routerLink="/dev/mailbox">development mailbox</a>.
          </p>
        } @else {
          <p class="lead">
            For individuals who buy a voucher and book an exam themselves. Learners of an institution are
            invited by it instead.
          </p>
          <inv-problem [problem]="create.problem()" />
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <mat-form-field class="full">
              <mat-label>Your name</mat-label>
              <input matInput formControlName="displayName" autocomplete="name" data-testid="sign-up-name" />
              @if (form.controls.displayName.hasError('required')) {
                <mat-error>Enter your name</mat-error>
              }
            </mat-form-field>
            <inv-email-field [control]="form.controls.email" testId="sign-up-email" />
            <inv-new-password-field [control]="form.controls.password" testId="sign-up-password" />
            <button
              mat-flat-button
              type="submit"
              class="submit"
              [disabled]="create.pending()"
              data-testid="sign-up-submit"
            >
              {{ create.pending() ? 'Creating…' : 'Create account' }}
            </button>
          </form>
          <p class="footer muted small">Have an account? <a routerLink="/login">Sign in</a></p>
        }
      </section>
    </div>
  `,
})
export class SignUpPageComponent {
  private readonly api = inject(AuthApi);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    displayName: ['', [Validators.required, Validators.maxLength(120)]],
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
  });
  protected readonly create = action();
  protected readonly sentTo = signal<string | null>(null);

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { displayName, email, password } = this.form.getRawValue();
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.create.run(
      this.api.signUp({ displayName: displayName.trim(), email: email.trim(), password, timeZone }),
      () => this.sentTo.set(email.trim()),
    );
  }
}
