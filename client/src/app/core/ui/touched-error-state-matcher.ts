import { Injectable } from '@angular/core';
import type { AbstractControl } from '@angular/forms';
import { ErrorStateMatcher } from '@angular/material/core';

/**
 * Errors show once a field was touched (every submit handler touches the whole form when it is
 * invalid), not merely because the form was submitted once: after a successful submit resets
 * the form, its now-empty required fields stay quiet.
 */
@Injectable()
export class TouchedErrorStateMatcher implements ErrorStateMatcher {
  isErrorState(control: AbstractControl | null): boolean {
    return !!control && control.invalid && control.touched;
  }
}
