import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AccreditationDecisionRequest,
  AccreditationStatus,
  AddProctorRequest,
  CentreProctorDto,
  CreateCentreRequest,
  CreateLabRequest,
  LabDto,
  OpeningHoursDto,
  PageDto,
  RecordTrainingRequest,
  TestingCentreDto,
  UpdateCentreRequest,
} from '@invigil/contracts';
import { Observable } from 'rxjs';
import { API_BASE, PageRequest, queryParams } from './api-base';

@Injectable({ providedIn: 'root' })
export class CentresApi {
  private readonly http = inject(HttpClient);

  forInstitution(institutionId: string): Observable<TestingCentreDto[]> {
    return this.http.get<TestingCentreDto[]>(`${API_BASE}/institutions/${institutionId}/centres`);
  }

  create(institutionId: string, body: CreateCentreRequest): Observable<TestingCentreDto> {
    return this.http.post<TestingCentreDto>(`${API_BASE}/institutions/${institutionId}/centres`, body);
  }

  get(id: string): Observable<TestingCentreDto> {
    return this.http.get<TestingCentreDto>(`${API_BASE}/centres/${id}`);
  }

  update(id: string, body: UpdateCentreRequest): Observable<TestingCentreDto> {
    return this.http.patch<TestingCentreDto>(`${API_BASE}/centres/${id}`, body);
  }

  replaceOpeningHours(id: string, hours: OpeningHoursDto[]): Observable<TestingCentreDto> {
    return this.http.put<TestingCentreDto>(`${API_BASE}/centres/${id}/opening-hours`, { hours });
  }

  addLab(centreId: string, body: CreateLabRequest): Observable<LabDto> {
    return this.http.post<LabDto>(`${API_BASE}/centres/${centreId}/labs`, body);
  }

  updateLab(centreId: string, labId: string, body: Partial<CreateLabRequest>): Observable<LabDto> {
    return this.http.patch<LabDto>(`${API_BASE}/centres/${centreId}/labs/${labId}`, body);
  }

  removeLab(centreId: string, labId: string): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/centres/${centreId}/labs/${labId}`);
  }

  /** Centres in any of `statuses` (the server's default: applied and onboarding), longest-waiting first. */
  accreditationQueue(
    statuses: readonly AccreditationStatus[],
    page: PageRequest,
  ): Observable<PageDto<TestingCentreDto>> {
    return this.http.get<PageDto<TestingCentreDto>>(`${API_BASE}/accreditation/queue`, {
      params: queryParams({ status: statuses.length ? statuses.join(',') : null, ...page }),
    });
  }

  decideAccreditation(id: string, body: AccreditationDecisionRequest): Observable<TestingCentreDto> {
    return this.http.post<TestingCentreDto>(`${API_BASE}/centres/${id}/accreditation`, body);
  }

  proctors(centreId: string): Observable<CentreProctorDto[]> {
    return this.http.get<CentreProctorDto[]>(`${API_BASE}/centres/${centreId}/proctors`);
  }

  addProctor(centreId: string, body: AddProctorRequest): Observable<CentreProctorDto> {
    return this.http.post<CentreProctorDto>(`${API_BASE}/centres/${centreId}/proctors`, body);
  }

  removeProctor(centreId: string, userId: string): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/centres/${centreId}/proctors/${userId}`);
  }

  recordTraining(
    centreId: string,
    userId: string,
    body: RecordTrainingRequest,
  ): Observable<CentreProctorDto> {
    return this.http.post<CentreProctorDto>(
      `${API_BASE}/centres/${centreId}/proctors/${userId}/trainings`,
      body,
    );
  }
}
