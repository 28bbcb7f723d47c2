import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { AuthApi } from '../../core/api/auth.api';
import { action } from '../../core/data/remote';
import { ProblemComponent } from '../../core/problem/problem.component';
import { LoadingComponent } from '../../core/ui/loading.component';

/** The page of the link mailed after sign-up: confirms the address, then offers to sign in. */
@Component({
  selector: 'inv-verify-email-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, ProblemComponent, LoadingComponent],
  styleUrl: '../login/login-page.component.scss',
  template: `
    <div class="wrap">
      <section class="card">
        <h1>Confirm your address</h1>
        @if (verify.pending()) {
          <inv-loading label="Confirming…" />
        } @else if (done()) {
          <div class="notice" role="status" data-testid="verify-done">
            Your address is confirmed. You can sign in now.
          </div>
          <a mat-flat-button routerLink="/login" data-testid="verify-sign-in">Sign in</a>
        } @else {
          <inv-problem [problem]="verify.problem()" />
          <p class="footer muted small"><a routerLink="/sign-up">Sign up again</a> for a new link.</p>
        }
      </section>
    </div>
  `,
})
export class VerifyEmailPageComponent implements OnInit {
  private readonly api = inject(AuthApi);
  /** from the link (`/verify-email/:token`) */
  readonly token = input.required<string>();
  protected readonly verify = action();
  protected readonly done = signal(false);

  ngOnInit(): void {
    this.verify.run(this.api.verifyEmail({ token: this.token() }), () => this.done.set(true));
  }
}
