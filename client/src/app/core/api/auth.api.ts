import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ChangePasswordRequest,
  CompletePasswordResetRequest,
  LoginRequest,
  PasswordResetRequest,
  RefreshRequest,
  SignUpRequest,
  TokenPairDto,
  UpdateProfileRequest,
  UserProfileDto,
  VerifyEmailRequest,
} from '@invigil/contracts';
import { Observable } from 'rxjs';
import { API_BASE, SKIP_AUTH } from './api-base';

const anonymous = (): { context: HttpContext } => ({ context: new HttpContext().set(SKIP_AUTH, true) });

@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  /** Always 202, whether or not the address has an account: the mail tells its owner what next. */
  signUp(body: SignUpRequest): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/sign-up`, body, anonymous());
  }

  /** Always 202: a link is mailed if the address has an account. */
  requestPasswordReset(body: PasswordResetRequest): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/password-reset`, body, anonymous());
  }

  completePasswordReset(body: CompletePasswordResetRequest): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/password-reset/complete`, body, anonymous());
  }

  verifyEmail(body: VerifyEmailRequest): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/verify-email`, body, anonymous());
  }

  login(body: LoginRequest): Observable<TokenPairDto> {
    return this.http.post<TokenPairDto>(`${API_BASE}/auth/login`, body, anonymous());
  }

  refresh(body: RefreshRequest): Observable<TokenPairDto> {
    return this.http.post<TokenPairDto>(`${API_BASE}/auth/refresh`, body, anonymous());
  }

  logout(body: RefreshRequest): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/logout`, body, anonymous());
  }

  changePassword(body: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/password`, body);
  }

  me(): Observable<UserProfileDto> {
    return this.http.get<UserProfileDto>(`${API_BASE}/me`);
  }

  updateMe(body: UpdateProfileRequest): Observable<UserProfileDto> {
    return this.http.patch<UserProfileDto>(`${API_BASE}/me`, body);
  }
}
