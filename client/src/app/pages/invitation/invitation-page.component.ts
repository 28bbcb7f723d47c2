import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import {
  AbstractControl,
  FormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import type { AcceptInvitationRequest, InvitationPreviewDto } from '@invigil/contracts';
import { InstitutionsApi } from '../../core/api/institutions.api';
import { AuthService } from '../../core/auth/auth.service';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { action, remote } from '../../core/data/remote';
import { DateTimePipe } from '../../core/format/format.pipes';
import { ROLE_LABELS } from '../../core/format/labels';
import { landingPath } from '../../core/navigation/navigation';
import { applyFieldErrors } from '../../core/problem/problem';
import { NewPasswordFieldComponent } from '../../core/ui/account-fields.component';
import { ProblemComponent } from '../../core/problem/problem.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PASSWORD_MIN_LENGTH } from '../../core/auth/password-rules';

function passwordsMatch(group: AbstractControl): ValidationErrors | null {
  const password = group.get('password')?.value as string | undefined;
  const confirm = group.get('confirm')?.value as string | undefined;
  return password && confirm && password !== confirm ? { mismatch: true } : null;
}

@Component({
  selector: 'inv-invitation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatFormFieldModule,
    MatInput,
    MatButton,
    ProblemComponent,
    LoadingComponent,
    DateTimePipe,
    NewPasswordFieldComponent,
  ],
  templateUrl: './invitation-page.component.html',
  styleUrl: './invitation-page.component.scss',
})
export class InvitationPageComponent {
  private readonly api = inject(InstitutionsApi);
  private readonly auth = inject(AuthService);
  private readonly context = inject(InstitutionContext);
  private readonly router = inject(Router);

  readonly token = input.required<string>();

  protected readonly preview = remote(
    () => this.token(),
    (token) => this.api.previewInvitation(token),
  );
  protected readonly accept = action();
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly where = computed(() => {
    const p = this.preview.value();
    return p ? (p.institutionName ?? p.certificationBodyName ?? 'Invigil') : '';
  });

  protected readonly scope = computed(() => {
    const p = this.preview.value();
    if (p?.institutionName) return `at ${p.institutionName}`;
    if (p?.certificationBodyName) return `for ${p.certificationBodyName}`;
    return 'on Invigil';
  });

  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly newAccount = this.fb.group(
    {
      displayName: ['', [Validators.required, Validators.maxLength(120)]],
      password: [
        '',
        [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(200)],
      ],
      confirm: ['', Validators.required],
    },
    { validators: passwordsMatch },
  );
  protected readonly existingAccount = this.fb.group({
    password: ['', Validators.required],
  });

  protected submit(preview: InvitationPreviewDto): void {
    const form = preview.accountExists ? this.existingAccount : this.newAccount;
    if (form.invalid) {
      form.markAllAsTouched();
      return;
    }
    const request: AcceptInvitationRequest = preview.accountExists
      ? { token: this.token(), password: this.existingAccount.getRawValue().password }
      : {
          token: this.token(),
          password: this.newAccount.getRawValue().password,
          displayName: this.newAccount.getRawValue().displayName.trim(),
        };
    this.accept.run(
      this.api.acceptInvitation(request),
      (pair) => {
        this.auth.adopt(pair);
        void this.router.navigateByUrl(landingPath(pair.user.memberships, this.context.institutionId()));
      },
      (problem) => applyFieldErrors(form, problem),
    );
  }
}
