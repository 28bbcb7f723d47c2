import { DestroyRef, effect, inject, Injector, signal, untracked } from '@angular/core';
import { Observable, Subscription } from 'rxjs';
import { parseProblem, ReadableProblem } from '../problem/problem';

/**
 * Data loaded over HTTP with its loading and error state as signals. `params` is read in a
 * reactive context: when it changes the data is fetched again; `undefined` means "nothing to
 * load yet" (e.g. no institution chosen).
 */
export class Remote<P, T> {
  readonly value = signal<T | undefined>(undefined);
  readonly loading = signal(false);
  readonly problem = signal<ReadableProblem | null>(null);
  private subscription: Subscription | null = null;
  private current: P | undefined;
  private started = false;

  constructor(
    params: () => P | undefined,
    private readonly fetch: (params: P) => Observable<T>,
    injector: Injector,
  ) {
    effect(
      () => {
        const next = params();
        untracked(() => {
          // a parent re-emitting the same parameters (e.g. the same id) does not refetch
          if (this.started && JSON.stringify(next) === JSON.stringify(this.current)) return;
          this.started = true;
          this.current = next;
          this.reload();
        });
      },
      { injector },
    );
    injector.get(DestroyRef).onDestroy(() => this.subscription?.unsubscribe());
  }

  /** Fetches again with the current parameters (after a change the page made). */
  reload(): void {
    this.subscription?.unsubscribe();
    const params = this.current;
    if (params === undefined) {
      this.value.set(undefined);
      this.loading.set(false);
      return;
    }
    this.loading.set(true);
    this.problem.set(null);
    this.subscription = this.fetch(params).subscribe({
      next: (value) => {
        this.value.set(value);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.problem.set(parseProblem(error));
        this.loading.set(false);
      },
    });
  }

  /** Replaces the loaded value locally, e.g. with what a successful write returned. */
  set(value: T): void {
    this.value.set(value);
  }
}

/** Call in an injection context (a field initializer of a component). */
export function remote<P, T>(params: () => P | undefined, fetch: (params: P) => Observable<T>): Remote<P, T> {
  return new Remote(params, fetch, inject(Injector));
}

/** Shorthand for data without parameters, loaded once and on `reload()`. */
export function remoteOnce<T>(fetch: () => Observable<T>): Remote<true, T> {
  return new Remote<true, T>(() => true, fetch, inject(Injector));
}

/** A write the user started: whether it is running and how it failed. */
export class Action {
  readonly pending = signal(false);
  readonly problem = signal<ReadableProblem | null>(null);
  private subscription: Subscription | null = null;

  constructor(destroyRef: DestroyRef) {
    destroyRef.onDestroy(() => this.subscription?.unsubscribe());
  }

  run<T>(
    source: Observable<T>,
    onSuccess?: (value: T) => void,
    onError?: (problem: ReadableProblem) => void,
  ): void {
    this.pending.set(true);
    this.problem.set(null);
    this.subscription = source.subscribe({
      next: (value) => {
        this.pending.set(false);
        onSuccess?.(value);
      },
      error: (error: unknown) => {
        const problem = parseProblem(error);
        this.problem.set(problem);
        this.pending.set(false);
        onError?.(problem);
      },
    });
  }

  clear(): void {
    this.problem.set(null);
  }
}

export function action(): Action {
  return new Action(inject(DestroyRef));
}
