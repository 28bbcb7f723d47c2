import type { BookingDto, OpenSessionDto } from '@invigil/contracts';
import { localParts } from '../../core/time/instants';
import type { BookingRow, CandidateRow, PersonRow } from './scheduling.repository';

const HOUR = 3_600_000;

export function toBookingDto(row: BookingRow, proctors: PersonRow[], candidates: CandidateRow[]): BookingDto {
  const start = new Date(row.startsAt);
  const end = new Date(row.endsAt);
  const hours = Math.round((end.getTime() - start.getTime()) / HOUR);
  return {
    id: row.id,
    centreId: row.centreId,
    centreName: row.centreName,
    institutionId: row.institutionId,
    timeZone: row.timeZone,
    examId: row.examId,
    examCode: row.examCode,
    examTitle: row.examTitle,
    durationMinutes: row.durationMinutes,
    deliveryMode: row.deliveryMode,
    seats: row.seats,
    filledSeats: row.filledSeats,
    labId: row.labId,
    labName: row.labName,
    start: start.toISOString(),
    ...localParts(start, row.timeZone),
    end: end.toISOString(),
    occupiedHours: Array.from({ length: hours }, (_, i) =>
      new Date(start.getTime() + i * HOUR).toISOString(),
    ),
    // a lapsed hold is reported as what it is, whether or not it has been reclaimed yet
    status: row.lapsed ? 'expired' : row.status,
    holdExpiresAt:
      row.status === 'held' && row.holdExpiresAt ? new Date(row.holdExpiresAt).toISOString() : null,
    bookedBy: row.bookedBy,
    windowOverrideReason: row.windowOverrideReason,
    openToPublic: row.openToPublic,
    proctors: proctors.map((p) => ({ userId: p.userId, displayName: p.displayName, email: p.email })),
    candidates: candidates.map((c) => ({
      userId: c.userId,
      displayName: c.displayName,
      email: c.email,
      voucherId: c.voucherId,
      addedAt: new Date(c.addedAt).toISOString(),
    })),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export function toOpenSessionDto(row: BookingRow): OpenSessionDto {
  const start = new Date(row.startsAt);
  return {
    bookingId: row.id,
    centreId: row.centreId,
    centreName: row.centreName,
    centreTimeZone: row.timeZone,
    address: row.deliveryMode === 'online_proctored' ? null : row.address,
    examId: row.examId,
    examCode: row.examCode,
    examTitle: row.examTitle,
    deliveryMode: row.deliveryMode,
    start: start.toISOString(),
    ...localParts(start, row.timeZone),
    seatsLeft: row.seats - row.filledSeats,
    proctoringFeeMinor: row.proctoringFeeMinor,
    currency: row.currency,
  };
}
