import { HttpErrorResponse } from '@angular/common/http';
import type { AbstractControl } from '@angular/forms';
import type { FieldErrorDto, ProblemDto } from '@invigil/contracts';

/** An error made fit to show a person: what went wrong, why, and which fields to fix. */
export interface ReadableProblem {
  /** the stable kind from `type` (`/problems/<kind>`), e.g. `validation-failed`; `network` when offline */
  kind: string;
  status: number;
  title: string;
  detail: string | null;
  fieldErrors: FieldErrorDto[];
  /** the problem's extension members (e.g. `reason`, `notBefore`), for messages that depend on them */
  extensions: Record<string, unknown>;
  /** one line for snack bars and logs: title, detail and field messages */
  message: string;
}

function isProblemBody(value: unknown): value is ProblemDto {
  if (typeof value !== 'object' || value === null) return false;
  const { title, status, type } = value as { title?: unknown; status?: unknown; type?: unknown };
  // some problems carry an extension named `status` (a state) over the HTTP status; `type` tells them apart
  return typeof title === 'string' && (typeof status === 'number' || typeof type === 'string');
}

function bodyOf(error: HttpErrorResponse): unknown {
  // with responseType 'text' or a body that failed to parse, the problem arrives as a string
  if (typeof error.error === 'string') {
    try {
      return JSON.parse(error.error) as unknown;
    } catch {
      return error.error;
    }
  }
  return error.error;
}

function fieldErrorsOf(body: ProblemDto): FieldErrorDto[] {
  if (!Array.isArray(body.errors)) return [];
  return body.errors
    .filter((e): e is FieldErrorDto => typeof e?.field === 'string' && Array.isArray(e.messages))
    .map((e) => ({ field: e.field, messages: e.messages.filter((m) => typeof m === 'string') }));
}

/** Turns whatever an HTTP call failed with into a readable problem (RFC 9457 aware). */
export function parseProblem(error: unknown): ReadableProblem {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return compose(
        'network',
        0,
        'The server cannot be reached',
        'Check your connection and try again.',
        [],
      );
    }
    const body = bodyOf(error);
    if (isProblemBody(body)) {
      const kind = body.type?.startsWith('/problems/')
        ? body.type.slice('/problems/'.length)
        : body.type || 'error';
      return compose(
        kind,
        typeof body.status === 'number' ? body.status : error.status,
        body.title,
        body.detail ?? null,
        fieldErrorsOf(body),
        extensionsOf(body),
      );
    }
    const text =
      typeof body === 'string' && body.trim() && !body.trimStart().startsWith('<') ? body.trim() : null;
    return compose(
      `http-${error.status}`,
      error.status,
      statusTitle(error.status),
      text ?? (error.statusText && error.statusText !== 'OK' ? error.statusText : null),
      [],
    );
  }
  if (error instanceof Error) return compose('client-error', 0, 'Something went wrong', error.message, []);
  return compose('client-error', 0, 'Something went wrong', typeof error === 'string' ? error : null, []);
}

function statusTitle(status: number): string {
  if (status === 401) return 'You need to sign in';
  if (status === 403) return 'You are not allowed to do this';
  if (status === 404) return 'Not found';
  if (status === 409) return 'The request conflicts with the current state';
  if (status === 429) return 'Too many requests';
  if (status >= 500) return 'The server had a problem';
  return `The request failed (HTTP ${status})`;
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);

function extensionsOf(body: ProblemDto): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([key, value]) => !STANDARD_MEMBERS.has(key) || (key === 'status' && typeof value !== 'number'),
    ),
  );
}

function compose(
  kind: string,
  status: number,
  title: string,
  detail: string | null,
  fieldErrors: FieldErrorDto[],
  extensions: Record<string, unknown> = {},
): ReadableProblem {
  // many problems repeat their title as detail; say it once
  const shownDetail = detail !== null && detail.trim() !== title.trim() ? detail : null;
  const fields = fieldErrors.map((e) => `${humanizeField(e.field)}: ${e.messages.join('; ')}`);
  const message = [title, shownDetail, ...fields].filter((part): part is string => !!part).join(' — ');
  return { kind, status, title, detail: shownDetail, fieldErrors, extensions, message };
}

/** The same problem told differently (a friendlier title or detail); `message` follows. */
export function retell(
  problem: ReadableProblem,
  title: string,
  detail: string | null = problem.detail,
): ReadableProblem {
  return compose(problem.kind, problem.status, title, detail, problem.fieldErrors, problem.extensions);
}

/** `address.postalCode` → `Address › postal code`; `objectives.0.code` → `Objectives › 1 › code`. */
export function humanizeField(field: string): string {
  const parts = field.split('.').map((part) => {
    if (/^\d+$/.test(part)) return String(Number(part) + 1);
    return part
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase();
  });
  const [first = '', ...rest] = parts;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' › ');
}

/**
 * Marks the controls a validation problem names (dotted paths match nested groups and arrays)
 * with a `server` error, so the message shows beside the field too. `aliases` maps API field
 * names to control paths where they differ. Returns the fields it could not place.
 */
export function applyFieldErrors(
  form: AbstractControl,
  problem: ReadableProblem,
  aliases: Record<string, string> = {},
): FieldErrorDto[] {
  const unplaced: FieldErrorDto[] = [];
  for (const error of problem.fieldErrors) {
    const control = form.get(aliases[error.field] ?? error.field);
    if (!control) {
      unplaced.push(error);
      continue;
    }
    control.setErrors({ ...(control.errors ?? {}), server: error.messages.join('; ') });
    control.markAsTouched();
  }
  return unplaced;
}
