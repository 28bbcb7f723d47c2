import { inject, Injectable } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { filter, map, Observable } from 'rxjs';
import { ConfirmDialogComponent, ConfirmDialogData, ConfirmDialogResult } from './confirm-dialog.component';

@Injectable({ providedIn: 'root' })
export class ConfirmService {
  private readonly dialog = inject(MatDialog);

  /** Emits the entered text (or '') once the user confirms; nothing when they cancel. */
  ask(data: ConfirmDialogData): Observable<string> {
    return this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, ConfirmDialogResult>(ConfirmDialogComponent, {
        data,
        width: '440px',
        autoFocus: data.input ? 'first-tabbable' : 'dialog',
      })
      .afterClosed()
      .pipe(
        filter((result): result is string => typeof result === 'string'),
        map((result) => result),
      );
  }
}
