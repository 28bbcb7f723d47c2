import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AssignCentrePoolRequest,
  BookingDto,
  CalendarFeedDto,
  CentreAvailabilityDto,
  ChangeReasonRequest,
  CreateBookingRequest,
  CreateMaintenanceWindowRequest,
  CreatePeakPeriodRequest,
  CreateVmPoolRequest,
  EntitlementHolderDto,
  InstitutionBookingRulesDto,
  MaintenanceWindowDto,
  MoveBookingRequest,
  OpenSeatDto,
  OpenSessionDto,
  PeakPeriodDto,
  PoolUtilisationDto,
  ProctoringBlockDto,
  UpcomingExamDto,
  UpdateInstitutionBookingRulesRequest,
  UpdateVmPoolRequest,
  VmPoolDto,
} from '@invigil/contracts';
import { Observable } from 'rxjs';
import { API_BASE, queryParams } from './api-base';

/** Exam blocks, their rosters, and the operator's VM pools (server/src/contracts/scheduling.ts). */
@Injectable({ providedIn: 'root' })
export class SchedulingApi {
  private readonly http = inject(HttpClient);

  /** `from`/`to` are centre-local dates, at most 42 days apart. */
  availability(centreId: string, from: string, to: string): Observable<CentreAvailabilityDto> {
    return this.http.get<CentreAvailabilityDto>(`${API_BASE}/centres/${centreId}/availability`, {
      params: queryParams({ from, to }),
    });
  }

  /** Places a 10-minute hold, or books at once with `confirm: true`. */
  book(centreId: string, body: CreateBookingRequest): Observable<BookingDto> {
    return this.http.post<BookingDto>(`${API_BASE}/centres/${centreId}/bookings`, body);
  }

  /** A centre's blocks starting in a range (ISO instants; the server's default: a week ago, 6 weeks on). */
  centreBookings(centreId: string, range: { from?: string; to?: string } = {}): Observable<BookingDto[]> {
    return this.http.get<BookingDto[]>(`${API_BASE}/centres/${centreId}/bookings`, {
      params: queryParams({ from: range.from, to: range.to }),
    });
  }

  booking(id: string): Observable<BookingDto> {
    return this.http.get<BookingDto>(`${API_BASE}/bookings/${id}`);
  }

  confirm(id: string): Observable<BookingDto> {
    return this.http.post<BookingDto>(`${API_BASE}/bookings/${id}/confirm`, {});
  }

  cancel(id: string, body: ChangeReasonRequest = {}): Observable<BookingDto> {
    return this.http.post<BookingDto>(`${API_BASE}/bookings/${id}/cancel`, body);
  }

  move(id: string, body: MoveBookingRequest): Observable<BookingDto> {
    return this.http.post<BookingDto>(`${API_BASE}/bookings/${id}/move`, body);
  }

  addCandidate(id: string, userId: string): Observable<BookingDto> {
    return this.http.post<BookingDto>(`${API_BASE}/bookings/${id}/candidates`, { userId });
  }

  /** The reason travels in the query string (a DELETE has no body). */
  removeCandidate(id: string, userId: string, change: ChangeReasonRequest = {}): Observable<BookingDto> {
    return this.http.delete<BookingDto>(`${API_BASE}/bookings/${id}/candidates/${userId}`, {
      params: queryParams({ reason: change.reason }),
    });
  }

  /** The institution's candidates holding an unreserved entitlement for the exam: who can take a seat. */
  entitlementHolders(institutionId: string, examId: string): Observable<EntitlementHolderDto[]> {
    return this.http.get<EntitlementHolderDto[]>(
      `${API_BASE}/institutions/${institutionId}/entitlement-holders`,
      { params: queryParams({ examId }) },
    );
  }

  /** Publishes a confirmed block of a public centre as an open session, or withdraws it. */
  setOpenToPublic(id: string, open: boolean): Observable<BookingDto> {
    return this.http.put<BookingDto>(`${API_BASE}/bookings/${id}/open-to-public`, { open });
  }

  /** Upcoming open sessions with seats left, for any signed-in candidate. */
  openSessions(filter: { examId?: string | null } = {}): Observable<OpenSessionDto[]> {
    return this.http.get<OpenSessionDto[]>(`${API_BASE}/open-sessions`, {
      params: queryParams({ examId: filter.examId }),
    });
  }

  /** Takes a seat with one of the caller's own unreserved entitlements for the exam. */
  takeOpenSeat(id: string): Observable<OpenSeatDto> {
    return this.http.post<OpenSeatDto>(`${API_BASE}/open-sessions/${id}/seat`, {});
  }

  /** Gives back a seat the caller took at an open session (before the change cut-off). */
  giveBackOpenSeat(id: string): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/open-sessions/${id}/seat`);
  }

  myExams(): Observable<UpcomingExamDto[]> {
    return this.http.get<UpcomingExamDto[]>(`${API_BASE}/me/exams`);
  }

  myProctoring(): Observable<ProctoringBlockDto[]> {
    return this.http.get<ProctoringBlockDto[]>(`${API_BASE}/me/proctoring`);
  }

  /** A new secret iCalendar URL; the previous one stops working. */
  newCalendarFeed(): Observable<CalendarFeedDto> {
    return this.http.post<CalendarFeedDto>(`${API_BASE}/me/calendar-feed`, {});
  }

  bookingRules(institutionId: string): Observable<InstitutionBookingRulesDto> {
    return this.http.get<InstitutionBookingRulesDto>(
      `${API_BASE}/institutions/${institutionId}/booking-rules`,
    );
  }

  /** Only stricter than the platform; null puts a value back to the platform's. */
  updateBookingRules(
    institutionId: string,
    body: UpdateInstitutionBookingRulesRequest,
  ): Observable<InstitutionBookingRulesDto> {
    return this.http.put<InstitutionBookingRulesDto>(
      `${API_BASE}/institutions/${institutionId}/booking-rules`,
      body,
    );
  }

  // --- operator ------------------------------------------------------------------------------

  pools(): Observable<VmPoolDto[]> {
    return this.http.get<VmPoolDto[]>(`${API_BASE}/vm-pools`);
  }

  createPool(body: CreateVmPoolRequest): Observable<VmPoolDto> {
    return this.http.post<VmPoolDto>(`${API_BASE}/vm-pools`, body);
  }

  updatePool(id: string, body: UpdateVmPoolRequest): Observable<VmPoolDto> {
    return this.http.patch<VmPoolDto>(`${API_BASE}/vm-pools/${id}`, body);
  }

  assignCentrePool(centreId: string, body: AssignCentrePoolRequest): Observable<unknown> {
    return this.http.put(`${API_BASE}/centres/${centreId}/vm-pool`, body);
  }

  utilisation(poolId: string, from?: string, to?: string): Observable<PoolUtilisationDto> {
    return this.http.get<PoolUtilisationDto>(`${API_BASE}/vm-pools/${poolId}/utilisation`, {
      params: queryParams({ from, to }),
    });
  }

  maintenanceWindows(poolId: string): Observable<MaintenanceWindowDto[]> {
    return this.http.get<MaintenanceWindowDto[]>(`${API_BASE}/vm-pools/${poolId}/maintenance-windows`);
  }

  addMaintenanceWindow(
    poolId: string,
    body: CreateMaintenanceWindowRequest,
  ): Observable<MaintenanceWindowDto> {
    return this.http.post<MaintenanceWindowDto>(`${API_BASE}/vm-pools/${poolId}/maintenance-windows`, body);
  }

  removeMaintenanceWindow(poolId: string, id: string): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/vm-pools/${poolId}/maintenance-windows/${id}`);
  }

  peakPeriods(poolId: string): Observable<PeakPeriodDto[]> {
    return this.http.get<PeakPeriodDto[]>(`${API_BASE}/vm-pools/${poolId}/peak-periods`);
  }

  addPeakPeriod(poolId: string, body: CreatePeakPeriodRequest): Observable<PeakPeriodDto> {
    return this.http.post<PeakPeriodDto>(`${API_BASE}/vm-pools/${poolId}/peak-periods`, body);
  }

  removePeakPeriod(poolId: string, id: string): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/vm-pools/${poolId}/peak-periods/${id}`);
  }
}
