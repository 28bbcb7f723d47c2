import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, Validators } from '@angular/forms';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { PASSWORD_MIN_LENGTH } from '../auth/password-rules';
import { EmailFieldComponent, NewPasswordFieldComponent } from './account-fields.component';

@Component({
  imports: [EmailFieldComponent, NewPasswordFieldComponent],
  template: `
    <inv-email-field [control]="email" autocomplete="username" testId="the-email" />
    <inv-new-password-field [control]="password" label="New password" testId="the-password" />
  `,
})
class HostComponent {
  readonly email = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.email],
  });
  readonly password = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)],
  });
}

describe('account fields', () => {
  it('bind their controls and say what is wrong once touched', () => {
    TestBed.configureTestingModule({ providers: [provideNoopAnimations()] });
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    const page = fixture.nativeElement as HTMLElement;
    const email = page.querySelector<HTMLInputElement>('[data-testid="the-email"]') as HTMLInputElement;
    const password = page.querySelector<HTMLInputElement>('[data-testid="the-password"]') as HTMLInputElement;
    expect(email.type).toBe('email');
    expect(email.getAttribute('autocomplete')).toBe('username');
    expect(password.getAttribute('autocomplete')).toBe('new-password');
    expect(page.textContent).toContain('New password');
    expect(page.textContent).toContain(`At least ${PASSWORD_MIN_LENGTH} characters`);

    email.value = 'not-an-address';
    email.dispatchEvent(new Event('input'));
    password.value = 'short';
    password.dispatchEvent(new Event('input'));
    fixture.componentInstance.email.markAsTouched();
    fixture.componentInstance.password.markAsTouched();
    fixture.detectChanges();
    const errors = Array.from(page.querySelectorAll('mat-error')).map((e) => e.textContent?.trim());
    expect(errors).toEqual(['That is not an email address', `At least ${PASSWORD_MIN_LENGTH} characters`]);
    expect(fixture.componentInstance.email.value).toBe('not-an-address');

    fixture.componentInstance.email.setErrors({ server: 'That address is already invited' });
    fixture.detectChanges();
    expect(page.querySelector('mat-error')?.textContent?.trim()).toBe('That address is already invited');
  });
});
