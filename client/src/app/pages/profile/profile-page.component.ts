import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
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
import { switchMap } from 'rxjs';
import { AuthApi } from '../../core/api/auth.api';
import { AuthService } from '../../core/auth/auth.service';
import { action } from '../../core/data/remote';
import { browserTimeZone, formatInstant } from '../../core/format/date-time';
import { ROLE_LABELS } from '../../core/format/labels';
import { timeZoneValidator } from '../../core/format/time-zones';
import { ViewerZone } from '../../core/format/viewer-zone.service';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { TimeZoneFieldComponent } from '../../core/ui/time-zone-field.component';
import { PASSWORD_MIN_LENGTH } from '../../core/auth/password-rules';

function passwordsMatch(group: AbstractControl): ValidationErrors | null {
  const next = group.get('newPassword')?.value as string | undefined;
  const confirm = group.get('confirm')?.value as string | undefined;
  return next && confirm && next !== confirm ? { mismatch: true } : null;
}

@Component({
  selector: 'inv-profile-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatButton,
    ProblemComponent,
    PageHeaderComponent,
    TimeZoneFieldComponent,
  ],
  templateUrl: './profile-page.component.html',
})
export class ProfilePageComponent {
  private readonly api = inject(AuthApi);
  private readonly auth = inject(AuthService);
  private readonly notifier = inject(Notifier);
  private readonly viewer = inject(ViewerZone);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly user = this.auth.user;
  protected readonly browserZone = browserTimeZone();
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly memberships = computed(() =>
    (this.user()?.memberships ?? []).map((m) => ({
      role: ROLE_LABELS[m.role],
      where: m.institutionName ?? m.certificationBodyName ?? 'Platform',
    })),
  );
  protected readonly sample = computed(() => formatInstant(new Date().toISOString(), this.viewer.zone()));

  protected readonly profile = this.fb.group({
    displayName: [this.user()?.displayName ?? '', [Validators.required, Validators.maxLength(120)]],
    timeZone: [this.user()?.timeZone ?? '', timeZoneValidator],
  });
  protected readonly password = this.fb.group(
    {
      currentPassword: ['', Validators.required],
      newPassword: [
        '',
        [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(200)],
      ],
      confirm: ['', Validators.required],
    },
    { validators: passwordsMatch },
  );
  protected readonly saveProfile = action();
  protected readonly changePassword = action();

  protected submitProfile(): void {
    if (this.profile.invalid) {
      this.profile.markAllAsTouched();
      return;
    }
    const { displayName, timeZone } = this.profile.getRawValue();
    this.saveProfile.run(
      this.api.updateMe({ displayName: displayName.trim(), timeZone: timeZone.trim() || null }),
      (user) => {
        this.auth.updateUser(user);
        this.profile.markAsPristine();
        this.notifier.success('Profile saved');
      },
      (problem) => applyFieldErrors(this.profile, problem),
    );
  }

  protected useBrowserZone(): void {
    this.profile.controls.timeZone.setValue(this.browserZone);
    this.profile.controls.timeZone.markAsDirty();
  }

  protected submitPassword(): void {
    const user = this.user();
    if (this.password.invalid || !user) {
      this.password.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.password.getRawValue();
    // a password change ends every session, this one included: sign straight back in with the new one
    this.changePassword.run(
      this.api
        .changePassword({ currentPassword, newPassword })
        .pipe(switchMap(() => this.auth.login({ email: user.email, password: newPassword }))),
      () => {
        this.password.reset();
        this.notifier.success('Password changed; your other sessions were signed out');
      },
      (problem) => applyFieldErrors(this.password, problem),
    );
  }
}
