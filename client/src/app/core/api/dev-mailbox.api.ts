import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { MailMessageDto } from '@invigil/contracts';
import { Observable } from 'rxjs';
import { API_BASE, queryParams } from './api-base';

@Injectable({ providedIn: 'root' })
export class DevMailboxApi {
  private readonly http = inject(HttpClient);

  list(to?: string | null): Observable<MailMessageDto[]> {
    return this.http.get<MailMessageDto[]>(`${API_BASE}/dev/mailbox`, { params: queryParams({ to }) });
  }
}
