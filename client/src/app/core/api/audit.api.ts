import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AuditEntryDto, PageDto } from '@invigil/contracts';
import { Observable } from 'rxjs';
import { API_BASE, PageRequest, queryParams } from './api-base';

@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  /** The whole trail (operator). */
  all(page: PageRequest): Observable<PageDto<AuditEntryDto>> {
    return this.http.get<PageDto<AuditEntryDto>>(`${API_BASE}/audit`, { params: queryParams({ ...page }) });
  }

  forInstitution(institutionId: string, page: PageRequest): Observable<PageDto<AuditEntryDto>> {
    return this.http.get<PageDto<AuditEntryDto>>(`${API_BASE}/institutions/${institutionId}/audit`, {
      params: queryParams({ ...page }),
    });
  }
}
