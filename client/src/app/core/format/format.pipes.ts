import { inject, Pipe, PipeTransform } from '@angular/core';
import { formatInstant, formatInstantDate, formatLocalDate } from './date-time';
import { formatMoney } from './money';
import { ViewerZone } from './viewer-zone.service';

/** `{{ minor | invMoney: currency }}` */
@Pipe({ name: 'invMoney' })
export class MoneyPipe implements PipeTransform {
  transform(minor: number | null | undefined, currency: string | null | undefined): string {
    if (minor === null || minor === undefined || !currency) return '—';
    return formatMoney(minor, currency);
  }
}

/**
 * `{{ iso | invDateTime }}` in the viewer's zone, or `{{ iso | invDateTime: centre.timeZone }}`.
 * Impure so a change of the viewer's zone shows at once; the last result is memoised.
 */
@Pipe({ name: 'invDateTime', pure: false })
export class DateTimePipe implements PipeTransform {
  private readonly viewer = inject(ViewerZone);
  private last: { key: string; text: string } | null = null;

  transform(
    iso: string | null | undefined,
    zone?: string | null,
    mode: 'datetime' | 'date' = 'datetime',
  ): string {
    const z = zone || this.viewer.zone();
    const key = `${iso ?? ''}|${z}|${mode}`;
    if (this.last?.key !== key) {
      this.last = { key, text: mode === 'date' ? formatInstantDate(iso, z) : formatInstant(iso, z) };
    }
    return this.last.text;
  }
}

/** `{{ 'yyyy-MM-dd' | invLocalDate }}` for calendar dates that carry no zone. */
@Pipe({ name: 'invLocalDate' })
export class LocalDatePipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatLocalDate(value);
  }
}
