import { Injectable } from '@angular/core';

const REFRESH_KEY = 'invigil.refreshToken';

/**
 * Where tokens live: the access token only in memory, the refresh token in localStorage so a
 * reload or a new tab stays signed in. The refresh token rotates on every use, so it is read
 * from storage each time (another tab may have rotated it).
 */
@Injectable({ providedIn: 'root' })
export class TokenStore {
  private access: { token: string; expiresAt: number } | null = null;

  accessToken(): string | null {
    return this.access?.token ?? null;
  }

  /** True when the access token is missing or ends within `skewMs`. */
  accessTokenExpired(now = Date.now(), skewMs = 10_000): boolean {
    return !this.access || this.access.expiresAt - skewMs <= now;
  }

  refreshToken(): string | null {
    try {
      return localStorage.getItem(REFRESH_KEY);
    } catch {
      return null;
    }
  }

  save(accessToken: string, accessTokenExpiresAt: string, refreshToken: string): void {
    this.access = { token: accessToken, expiresAt: Date.parse(accessTokenExpiresAt) };
    try {
      localStorage.setItem(REFRESH_KEY, refreshToken);
    } catch {
      // private mode without storage: the session lasts as long as the page
    }
  }

  clear(): void {
    this.access = null;
    try {
      localStorage.removeItem(REFRESH_KEY);
    } catch {
      // nothing stored
    }
  }
}
