import { computed, inject, Injectable } from '@angular/core';
import { AuthService } from '../auth/auth.service';
import { browserTimeZone } from './date-time';

/** The zone times are shown in: the user's chosen zone, else the browser's. */
@Injectable({ providedIn: 'root' })
export class ViewerZone {
  private readonly auth = inject(AuthService);
  readonly zone = computed(() => this.auth.user()?.timeZone || browserTimeZone());
}
