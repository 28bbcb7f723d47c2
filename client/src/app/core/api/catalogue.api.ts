import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CertificationBodyDto,
  CreateCertificationBodyRequest,
  CreateCredentialRequest,
  CreateExamRequest,
  CredentialDto,
  ExamDto,
  ExamLevel,
  UpdateExamRequest,
} from '@invigil/contracts';
import { Observable } from 'rxjs';
import { API_BASE, queryParams } from './api-base';

export interface ExamFilter {
  certificationBodyId?: string | null;
  level?: ExamLevel | null;
  q?: string | null;
}

@Injectable({ providedIn: 'root' })
export class CatalogueApi {
  private readonly http = inject(HttpClient);

  bodies(): Observable<CertificationBodyDto[]> {
    return this.http.get<CertificationBodyDto[]>(`${API_BASE}/certification-bodies`);
  }

  createBody(body: CreateCertificationBodyRequest): Observable<CertificationBodyDto> {
    return this.http.post<CertificationBodyDto>(`${API_BASE}/certification-bodies`, body);
  }

  exams(filter: ExamFilter = {}): Observable<ExamDto[]> {
    return this.http.get<ExamDto[]>(`${API_BASE}/exams`, {
      params: queryParams({
        certificationBodyId: filter.certificationBodyId,
        level: filter.level,
        q: filter.q,
      }),
    });
  }

  exam(id: string): Observable<ExamDto> {
    return this.http.get<ExamDto>(`${API_BASE}/exams/${id}`);
  }

  createExam(bodyId: string, body: CreateExamRequest): Observable<ExamDto> {
    return this.http.post<ExamDto>(`${API_BASE}/certification-bodies/${bodyId}/exams`, body);
  }

  updateExam(id: string, body: UpdateExamRequest): Observable<ExamDto> {
    return this.http.patch<ExamDto>(`${API_BASE}/exams/${id}`, body);
  }

  credentials(certificationBodyId?: string | null): Observable<CredentialDto[]> {
    return this.http.get<CredentialDto[]>(`${API_BASE}/credentials`, {
      params: queryParams({ certificationBodyId }),
    });
  }

  createCredential(bodyId: string, body: CreateCredentialRequest): Observable<CredentialDto> {
    return this.http.post<CredentialDto>(`${API_BASE}/certification-bodies/${bodyId}/credentials`, body);
  }

  replaceCredential(id: string, body: CreateCredentialRequest): Observable<CredentialDto> {
    return this.http.put<CredentialDto>(`${API_BASE}/credentials/${id}`, body);
  }
}
