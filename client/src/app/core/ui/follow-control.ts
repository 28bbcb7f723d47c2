import { ChangeDetectorRef, effect, inject } from '@angular/core';
import type { AbstractControl } from '@angular/forms';

/**
 * Re-renders an OnPush field when its control changes from outside it: a server's answer sets
 * an error on the control, which an OnPush view whose inputs did not change would not show.
 */
export function followControl(control: () => AbstractControl): void {
  const view = inject(ChangeDetectorRef);
  effect((onCleanup) => {
    const subscription = control().events.subscribe(() => view.markForCheck());
    onCleanup(() => subscription.unsubscribe());
  });
}
