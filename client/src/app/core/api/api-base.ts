import { HttpContextToken, HttpParams } from '@angular/common/http';

/** Every API route lives under this prefix; the dev server proxies it to the API. */
export const API_BASE = '/api';

/** Set on requests that must go out without a bearer token and bypass refresh (login, refresh, logout). */
export const SKIP_AUTH = new HttpContextToken<boolean>(() => false);

/** Drops empty values so the query string only carries real filters. */
export function queryParams(values: Record<string, string | number | null | undefined>): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== '') params = params.set(key, String(value));
  }
  return params;
}

/** One page of a list: at most `limit` items from `offset`. */
export interface PageRequest {
  limit: number;
  offset: number;
}
