import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { LoginRequest, RoleName, TokenPairDto, UserProfileDto } from '@invigil/contracts';
import { finalize, firstValueFrom, map, Observable, shareReplay, tap, throwError } from 'rxjs';
import { AuthApi } from '../api/auth.api';
import { TokenStore } from './token-store';

export type SignOutReason = 'user' | 'expired';

/** The server refused the session (as opposed to being unreachable or failing). */
export function sessionRejected(error: unknown): boolean {
  return error instanceof HttpErrorResponse && (error.status === 400 || error.status === 401);
}

/** The signed-in session: who the user is, their tokens, and refreshing them. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(AuthApi);
  private readonly tokens = inject(TokenStore);
  private readonly router = inject(Router);
  private readonly userSignal = signal<UserProfileDto | null>(null);
  private refreshing: Observable<string> | null = null;

  readonly user = this.userSignal.asReadonly();
  /** set when a stored session was refused at start-up, so the sign-in page can say why */
  private readonly sessionEndedSignal = signal(false);
  readonly sessionEnded = this.sessionEndedSignal.asReadonly();
  readonly signedIn = computed(() => this.userSignal() !== null);
  readonly memberships = computed(() => this.userSignal()?.memberships ?? []);

  hasRole(role: RoleName): boolean {
    return this.memberships().some((m) => m.role === role);
  }

  /** At start-up: turns a stored refresh token back into a session, or forgets it. */
  async restore(): Promise<void> {
    if (!this.tokens.refreshToken()) return;
    try {
      await firstValueFrom(this.refreshAccessToken());
    } catch (error) {
      this.userSignal.set(null);
      // a refused token is forgotten; an unreachable server keeps it for the next load
      if (sessionRejected(error)) {
        this.tokens.clear();
        this.sessionEndedSignal.set(true);
      }
    }
  }

  login(request: LoginRequest): Observable<UserProfileDto> {
    return this.api.login(request).pipe(
      tap((pair) => this.adopt(pair)),
      map((pair) => pair.user),
    );
  }

  /** Takes a token pair from login, refresh or an accepted invitation. */
  adopt(pair: TokenPairDto): void {
    this.sessionEndedSignal.set(false);
    this.tokens.save(pair.accessToken, pair.accessTokenExpiresAt, pair.refreshToken);
    this.userSignal.set(pair.user);
  }

  /** After the profile changed on the server. */
  updateUser(user: UserProfileDto): void {
    this.userSignal.set(user);
  }

  /** The access token to send, or null when it is missing or about to expire. */
  freshAccessToken(): string | null {
    return this.tokens.accessTokenExpired() ? null : this.tokens.accessToken();
  }

  accessToken(): string | null {
    return this.tokens.accessToken();
  }

  canRefresh(): boolean {
    return this.tokens.refreshToken() !== null;
  }

  /**
   * Exchanges the refresh token for a new pair. Single-flight: requests that fail together
   * share one refresh, because the refresh token rotates and a second use would be refused.
   */
  refreshAccessToken(): Observable<string> {
    if (this.refreshing) return this.refreshing;
    const refreshToken = this.tokens.refreshToken();
    if (!refreshToken) return throwError(() => new Error('No session to refresh'));
    this.refreshing = this.api.refresh({ refreshToken }).pipe(
      tap((pair) => this.adopt(pair)),
      map((pair) => pair.accessToken),
      finalize(() => (this.refreshing = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshing;
  }

  /** Ends the session here and on the server (best effort), then shows the sign-in page. */
  signOut(reason: SignOutReason = 'user'): void {
    const refreshToken = this.tokens.refreshToken();
    const wasSignedIn = this.userSignal() !== null || refreshToken !== null;
    this.tokens.clear();
    this.userSignal.set(null);
    if (refreshToken && reason === 'user')
      this.api.logout({ refreshToken }).subscribe({ error: () => undefined });
    if (!wasSignedIn && reason === 'expired') return;
    const returnUrl = this.router.url && !this.router.url.startsWith('/login') ? this.router.url : undefined;
    void this.router.navigate(['/login'], {
      queryParams: reason === 'expired' ? { reason: 'expired', returnUrl } : {},
    });
  }
}
