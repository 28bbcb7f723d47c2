import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AttemptOutcome, ExamAttemptDto, RecordAttemptResultRequest } from '@invigil/contracts';
import { Observable } from 'rxjs';
import { API_BASE, queryParams } from './api-base';

/** Exam attempts: started by a proctor of the block, scored by the exam's certification body. */
@Injectable({ providedIn: 'root' })
export class AttemptsApi {
  private readonly http = inject(HttpClient);

  /** A proctor of the block starts a seated candidate's exam; their voucher is consumed. */
  start(bookingId: string, candidateId: string): Observable<ExamAttemptDto> {
    return this.http.post<ExamAttemptDto>(
      `${API_BASE}/bookings/${bookingId}/candidates/${candidateId}/start`,
      {},
    );
  }

  ofBooking(bookingId: string): Observable<ExamAttemptDto[]> {
    return this.http.get<ExamAttemptDto[]>(`${API_BASE}/bookings/${bookingId}/attempts`);
  }

  /** Attempts at the body's exams; `outcome` null for all of them. */
  ofBody(bodyId: string, outcome: AttemptOutcome | null): Observable<ExamAttemptDto[]> {
    return this.http.get<ExamAttemptDto[]>(`${API_BASE}/certification-bodies/${bodyId}/exam-attempts`, {
      params: queryParams({ outcome }),
    });
  }

  recordResult(attemptId: string, score: number): Observable<ExamAttemptDto> {
    const body: RecordAttemptResultRequest = { score };
    return this.http.post<ExamAttemptDto>(`${API_BASE}/exam-attempts/${attemptId}/result`, body);
  }

  mine(): Observable<ExamAttemptDto[]> {
    return this.http.get<ExamAttemptDto[]>(`${API_BASE}/me/exam-attempts`);
  }
}
