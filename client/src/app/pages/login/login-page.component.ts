import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { action } from '../../core/data/remote';
import { landingPath } from '../../core/navigation/navigation';
import { EmailFieldComponent } from '../../core/ui/account-fields.component';
import { ProblemComponent } from '../../core/problem/problem.component';

@Component({
  selector: 'inv-login-page',
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
  ],
  templateUrl: './login-page.component.html',
  styleUrl: './login-page.component.scss',
})
export class LoginPageComponent implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly context = inject(InstitutionContext);
  private readonly router = inject(Router);

  /** where to go after signing in (set by the guards) */
  readonly returnUrl = input<string | undefined>();
  /** `expired` when the session ended on its own */
  readonly reason = input<string | undefined>();
  /** pre-filled after accepting an invitation */
  readonly email = input<string | undefined>();

  protected readonly sessionEnded = computed(() => this.reason() === 'expired' || this.auth.sessionEnded());

  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly signIn = action();

  ngOnInit(): void {
    const email = this.email();
    if (email) this.form.controls.email.setValue(email);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { email, password } = this.form.getRawValue();
    this.signIn.run(this.auth.login({ email: email.trim(), password }), (user) => {
      const target = this.safeReturnUrl() ?? landingPath(user.memberships, this.context.institutionId());
      void this.router.navigateByUrl(target);
    });
  }

  /** Only paths inside the app, never another origin. */
  private safeReturnUrl(): string | null {
    const url = this.returnUrl();
    return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/login') ? url : null;
  }
}
