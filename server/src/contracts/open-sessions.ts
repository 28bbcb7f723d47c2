import type { DeliveryMode } from './catalogue';

/**
 * Open sessions: blocks at centres open to the public, published by the institution, where a
 * candidate takes a single seat with their own entitlement for the exam.
 */
export interface OpenSessionDto {
  bookingId: string;
  centreId: string;
  centreName: string;
  institutionName: string;
  city: string;
  address: string;
  timeZone: string;
  examId: string;
  examCode: string;
  examTitle: string;
  deliveryMode: DeliveryMode;
  /** UTC instant */
  start: string;
  /** the centre's wall clock, "yyyy-MM-dd'T'HH:mm", and its UTC offset then */
  localStart: string;
  offset: string;
  durationMinutes: number;
  freeSeats: number;
  /** what the caller would owe the centre: its public fee, or 0 for its institution's members */
  proctoringFeeMinor: number;
  currency: string;
  /** the caller holds an unreserved entitlement for the exam */
  haveEntitlement: boolean;
  /** the caller already has a seat in this session */
  seated: boolean;
}

/** POST /api/bookings/:id/open-session — publish or withdraw a block as an open session */
export interface PublishOpenSessionRequest {
  open: boolean;
}

/** POST /api/open-sessions/:bookingId/seat — the seat the caller took */
export interface OpenSessionSeatDto {
  bookingId: string;
  voucherId: string;
  proctoringFeeMinor: number;
  currency: string;
}
