import {
  HttpErrorResponse,
  HttpEvent,
  HttpHandlerFn,
  HttpInterceptorFn,
  HttpRequest,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, Observable, switchMap, throwError } from 'rxjs';
import { API_BASE, SKIP_AUTH } from '../api/api-base';
import { AuthService, sessionRejected } from './auth.service';

const withToken = (req: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> =>
  token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;

function isInvalidToken(error: unknown): boolean {
  if (!(error instanceof HttpErrorResponse) || error.status !== 401) return false;
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return false;
    }
  }
  return (body as { type?: unknown } | null)?.type === '/problems/invalid-token';
}

/**
 * Adds the bearer token to API calls. When the API answers 401 `invalid-token` it refreshes the
 * session once (shared by every request failing at the same time) and retries; if the refresh
 * or the retry fails too, the user is signed out.
 */
export const authInterceptor: HttpInterceptorFn = (
  req,
  next: HttpHandlerFn,
): Observable<HttpEvent<unknown>> => {
  if (req.context.get(SKIP_AUTH) || !req.url.startsWith(API_BASE)) return next(req);
  const auth = inject(AuthService);

  const retryAfterRefresh = (original: unknown): Observable<HttpEvent<unknown>> =>
    auth.refreshAccessToken().pipe(
      catchError((refreshError: unknown) => {
        // only a refused session ends it; a network failure leaves the user signed in
        if (sessionRejected(refreshError)) auth.signOut('expired');
        return throwError(() => original);
      }),
      switchMap((token) =>
        next(withToken(req, token)).pipe(
          catchError((error: unknown) => {
            if (isInvalidToken(error)) auth.signOut('expired');
            return throwError(() => error);
          }),
        ),
      ),
    );

  // a token known to be expired is refreshed first rather than spending a round trip on a 401
  const token = auth.accessToken();
  const send$ =
    token && !auth.freshAccessToken() && auth.canRefresh()
      ? auth.refreshAccessToken().pipe(
          catchError(() => [token]),
          switchMap((fresh) => next(withToken(req, fresh))),
        )
      : next(withToken(req, token));

  return send$.pipe(
    catchError((error: unknown) =>
      isInvalidToken(error) && auth.canRefresh() ? retryAfterRefresh(error) : throwError(() => error),
    ),
  );
};
