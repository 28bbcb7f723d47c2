import type { DeliveryMode } from './catalogue';

/**
 * Scheduling: hourly exam blocks at testing centres, a platform-wide pool of virtual machines
 * per region, lab seats and proctor coverage. Instants are ISO-8601 UTC strings; `localStart`
 * is the centre's wall clock ("yyyy-MM-dd'T'HH:mm") and `offset` its UTC offset at that
 * instant ("-04:00"), which tells apart the two slots of a local hour that happens twice.
 */

export type BookingStatus = 'held' | 'confirmed' | 'cancelled' | 'expired';

/** Why a slot cannot be booked now, most decisive first. */
export type NonBookableReason =
  /** outside the centre's opening hours (or the exam would run past closing) */
  | 'closed'
  /** already started or past */
  | 'in-the-past'
  /** sooner than the minimum lead time (14 days by default) */
  | 'lead-time'
  /** inside a peak period of the region, whose longer lead time (21 days) is not met */
  | 'peak-period'
  /** beyond the booking horizon (120 days by default) */
  | 'horizon'
  /** the region's VM pool is down for maintenance for that hour */
  | 'maintenance'
  /** no VM, no lab seat or no proctor left */
  | 'full';

export interface SlotAvailabilityDto {
  /** UTC instant the block starts */
  start: string;
  localStart: string;
  offset: string;
  /** second occurrence of a repeated local hour (clocks went back) */
  repeatedHour: boolean;
  /** VMs left in the region's pool for that hour (null when the centre has no VM pool) */
  freeVms: number | null;
  /** the pool's capacity for that hour after maintenance (null without a pool) */
  vmCapacity: number | null;
  /**
   * free seats of each lab, in the order of `CentreAvailabilityDto.labs`: the lab's seats when it
   * holds no block in that hour, else 0 (a lab holds one block at a time)
   */
  freeLabSeats: number[];
  /** trained proctors of the centre not in another block overlapping that hour */
  freeProctors: number;
  bookable: boolean;
  reason: NonBookableReason | null;
  /** set when `reason` is lead-time/peak-period: the first instant bookable by lead time */
  bookableFrom: string | null;
}

/** GET /api/centres/:id/availability?from=yyyy-MM-dd&to=yyyy-MM-dd (dates local to the centre, at most 42 days) */
export interface CentreAvailabilityDto {
  centreId: string;
  timeZone: string;
  /** the centre's VM pool (its region), if any */
  vmPoolId: string | null;
  region: string | null;
  from: string;
  to: string;
  /** the window in force for this centre's institution */
  window: BookingWindowDto;
  /** minutes each exam block keeps free after the exam for setting up the next */
  setupBufferMinutes: number;
  /** the centre's labs; each slot's `freeLabSeats` follows this order */
  labs: { id: string; name: string; seats: number }[];
  /** every local hour of every day in the range, closed ones included */
  slots: SlotAvailabilityDto[];
}

export interface BookingWindowDto {
  minLeadDays: number;
  peakMinLeadDays: number;
  maxHorizonDays: number;
}

/** GET/PUT /api/institutions/:id/booking-rules — may only be stricter than the platform's */
export interface InstitutionBookingRulesDto {
  institutionId: string;
  /** the institution's own values; null means the platform's */
  minLeadDays: number | null;
  peakMinLeadDays: number | null;
  maxHorizonDays: number | null;
  /** what applies: the stricter of platform and institution */
  effective: BookingWindowDto;
}

export interface UpdateInstitutionBookingRulesRequest {
  minLeadDays?: number | null;
  peakMinLeadDays?: number | null;
  maxHorizonDays?: number | null;
}

export interface BookingProctorDto {
  userId: string;
  displayName: string;
  email: string;
}

export interface BookingCandidateDto {
  userId: string;
  displayName: string;
  email: string;
  /** the entitlement (voucher) the seat is paid with; it is `reserved` while seated */
  voucherId: string;
  addedAt: string;
}

export interface BookingDto {
  id: string;
  centreId: string;
  centreName: string;
  institutionId: string;
  timeZone: string;
  examId: string;
  examCode: string;
  examTitle: string;
  durationMinutes: number;
  deliveryMode: DeliveryMode;
  seats: number;
  /** seats filled with candidates */
  filledSeats: number;
  labId: string | null;
  labName: string | null;
  start: string;
  localStart: string;
  offset: string;
  /** end of the last hour the exam occupies (exam + set-up buffer, rounded up to whole hours) */
  end: string;
  /** every hour the block occupies, UTC */
  occupiedHours: string[];
  status: BookingStatus;
  /** while held: when the hold lapses and frees its capacity */
  holdExpiresAt: string | null;
  bookedBy: string;
  /** set when the operator booked inside the lead time */
  windowOverrideReason: string | null;
  /** an open session: candidates of any institution may take a free seat themselves */
  openToPublic: boolean;
  proctors: BookingProctorDto[];
  candidates: BookingCandidateDto[];
  createdAt: string;
  updatedAt: string;
}

/**
 * POST /api/centres/:id/bookings — holds (default, 10 minutes) or books a block. Everything
 * it needs (VMs for every hour, the lab, proctors) is reserved in one transaction or nothing.
 */
export interface CreateBookingRequest {
  examId: string;
  /** ISO-8601 instant of a slot start (on the centre's local hour) */
  start: string;
  deliveryMode: DeliveryMode;
  /** 1 to 500 */
  seats: number;
  /** in-lab: the lab to use; omitted, a free lab with enough seats is chosen */
  labId?: string;
  /** omitted: free trained proctors of the centre are assigned (online: ceil(seats/20); in lab: 1) */
  proctorIds?: string[];
  /** true books at once; false/omitted places a 10-minute hold to confirm */
  confirm?: boolean;
  /** operator only: book inside the lead time, with this reason recorded */
  overrideReason?: string;
}

/** POST /api/bookings/:id/move — the new capacity is taken before the old is released */
export interface MoveBookingRequest {
  start: string;
  labId?: string;
  proctorIds?: string[];
  /** operator only: inside the lead time or the change cut-off, with this reason recorded */
  overrideReason?: string;
}

/** POST /api/bookings/:id/cancel ; DELETE /api/bookings/:id/candidates/:userId */
export interface ChangeReasonRequest {
  /** required from the operator for changes inside the cut-off (24 hours by default) */
  reason?: string;
}

/**
 * POST /api/bookings/:id/candidates — seats a candidate of the institution in a confirmed block
 * (409 invalid-state-transition while only held); their unreserved entitlement for the exam
 * becomes reserved
 */
export interface AddBookingCandidateRequest {
  userId: string;
}

/**
 * PUT /api/bookings/:id/open-to-public — publish (or withdraw) a confirmed block of a centre
 * open to the public as an open session (bookers of the centre's institution)
 */
export interface OpenToPublicRequest {
  open: boolean;
}

/** GET /api/open-sessions?examId=&from=&to= — upcoming open sessions with seats left (anyone signed in) */
export interface OpenSessionDto {
  bookingId: string;
  centreId: string;
  centreName: string;
  centreTimeZone: string;
  address: string | null;
  examId: string;
  examCode: string;
  examTitle: string;
  deliveryMode: DeliveryMode;
  start: string;
  localStart: string;
  offset: string;
  seatsLeft: number;
  /** what the centre charges members of the public, in minor units of `currency` */
  proctoringFeeMinor: number | null;
  currency: string;
}

/**
 * POST /api/open-sessions/:id/seat — a candidate takes one seat with one of their own
 * unreserved entitlements for the exam (it becomes reserved); DELETE gives it back (before the
 * cut-off)
 */
export interface OpenSeatDto {
  bookingId: string;
  taken: true;
  /** the proctoring fee this seat costs a member of the public, invoiced; null when none is owed */
  fee: SeatFeeDto | null;
}

/** A proctoring fee owed for a seat, and its invoice (settled offline, like a retail order). */
export interface SeatFeeDto {
  invoiceNumber: string;
  amountMinor: number;
  currency: string;
  status: 'open' | 'paid';
  dueAt: string;
}

/** GET /api/me/exams — a candidate's upcoming exams */
export interface UpcomingExamDto {
  bookingId: string;
  examCode: string;
  examTitle: string;
  durationMinutes: number;
  deliveryMode: DeliveryMode;
  start: string;
  centreName: string;
  centreTimeZone: string;
  localStart: string;
  offset: string;
  /** in-lab: where to go */
  labName: string | null;
  address: string | null;
  /** online: where the exam opens */
  onlineUrl: string | null;
  /** the proctoring fee owed for this seat (a public candidate at an open session), if any */
  fee: SeatFeeDto | null;
  /**
   * a seat the candidate took at an open session: until when they may give it back themselves
   * (the change cut-off before the start); null for a seat their institution gave them
   */
  giveBackUntil: string | null;
}

/** GET /api/me/proctoring — a proctor's blocks (from a week ago onwards) */
export interface ProctoringBlockDto {
  bookingId: string;
  centreId: string;
  centreName: string;
  centreTimeZone: string;
  examCode: string;
  examTitle: string;
  deliveryMode: DeliveryMode;
  seats: number;
  start: string;
  end: string;
  localStart: string;
  labName: string | null;
  status: BookingStatus;
}

/** POST /api/me/calendar-feed — a new secret iCalendar URL (the old one stops working) */
export interface CalendarFeedDto {
  /** GET it without signing in: text/calendar of the user's booked and proctored blocks */
  url: string;
}

// --- operator: VM pools, maintenance, peak periods, utilisation ----------------------------

export interface VmPoolDto {
  id: string;
  /** region code, e.g. "ca-east" */
  region: string;
  name: string;
  /** VMs available each hour when no maintenance applies */
  capacityPerHour: number;
  createdAt: string;
}

/** POST /api/vm-pools */
export interface CreateVmPoolRequest {
  region: string;
  name: string;
  capacityPerHour: number;
}

/** PATCH /api/vm-pools/:id (refused with 409 vm-capacity-below-booked if an hour is already fuller) */
export interface UpdateVmPoolRequest {
  name?: string;
  capacityPerHour?: number;
}

/** PUT /api/centres/:id/vm-pool — the region a centre's online seats draw VMs from */
export interface AssignCentrePoolRequest {
  vmPoolId: string;
}

export interface MaintenanceWindowDto {
  id: string;
  vmPoolId: string;
  starts: string;
  ends: string;
  /** VMs offline during the window (capacity is lowered by this, not below 0) */
  vmsOffline: number;
  reason: string;
}

/** POST /api/vm-pools/:id/maintenance-windows */
export interface CreateMaintenanceWindowRequest {
  starts: string;
  ends: string;
  vmsOffline: number;
  reason: string;
}

export interface PeakPeriodDto {
  id: string;
  vmPoolId: string;
  name: string;
  starts: string;
  ends: string;
}

/** POST /api/vm-pools/:id/peak-periods */
export interface CreatePeakPeriodRequest {
  name: string;
  starts: string;
  ends: string;
}

export interface PoolHourUtilisationDto {
  /** UTC hour */
  hour: string;
  capacity: number;
  /** VMs taken by confirmed blocks and live holds */
  used: number;
  /** part of `used` that is held, not yet confirmed */
  held: number;
  free: number;
  inMaintenance: boolean;
  inPeak: boolean;
}

/** GET /api/vm-pools/:id/utilisation?from=&to= (ISO instants; default now to 6 weeks on) */
export interface PoolUtilisationDto {
  vmPoolId: string;
  region: string;
  from: string;
  to: string;
  hours: PoolHourUtilisationDto[];
}

// --- problems ------------------------------------------------------------------------------

/**
 * The `type` of every scheduling problem (besides the generic validation-failed 400, forbidden
 * 403, not-found 404 and invalid-state-transition 409):
 * - 409 vm-capacity-exhausted: VMs short in an hour (VmCapacityExhaustedProblem)
 * - 409 lab-seats-exhausted: the lab is taken or too small (LabSeatsExhaustedProblem)
 * - 409 proctors-unavailable: not enough free trained proctors (ProctorsUnavailableProblem)
 * - 409 outside-booking-window: lead time, peak lead time, horizon or past (OutsideBookingWindowProblem)
 * - 409 slot-closed: not an open local hour of the centre, or the exam would run past closing
 * - 409 centre-not-bookable: the centre is not accredited, or has no VM pool for online seats
 * - 409 delivery-mode-not-allowed: the exam is not delivered that way (`allowed` lists the modes)
 * - 409 hold-expired: the 10-minute hold ran out; its seats were released
 * - 409 booking-full: every seat of the block is filled
 * - 409 no-entitlement: the candidate holds no unreserved entitlement for the exam
 * - 409 vm-capacity-below-booked: a capacity or maintenance change would overbook an hour (`hour`)
 * - 403 within-change-cutoff: less than 24 hours to go; only the operator (with a reason) may change it
 */
export type SchedulingProblemType =
  | '/problems/vm-capacity-exhausted'
  | '/problems/lab-seats-exhausted'
  | '/problems/proctors-unavailable'
  | '/problems/outside-booking-window'
  | '/problems/slot-closed'
  | '/problems/centre-not-bookable'
  | '/problems/delivery-mode-not-allowed'
  | '/problems/hold-expired'
  | '/problems/booking-full'
  | '/problems/no-entitlement'
  | '/problems/vm-capacity-below-booked'
  | '/problems/within-change-cutoff';

/** Extensions of /problems/vm-capacity-exhausted (409) */
export interface VmCapacityExhaustedProblem {
  vmPoolId: string;
  /** the first hour that is short */
  hour: string;
  requested: number;
  left: number;
}

/** Extensions of /problems/lab-seats-exhausted (409) */
export interface LabSeatsExhaustedProblem {
  labId: string | null;
  requested: number;
  left: number;
}

/** Extensions of /problems/proctors-unavailable (409) */
export interface ProctorsUnavailableProblem {
  needed: number;
  available: number;
  /** named proctors that are busy, untrained or not of the centre */
  unavailableProctorIds: string[];
}

/** Extensions of /problems/outside-booking-window (409) */
export interface OutsideBookingWindowProblem {
  reason: 'in-the-past' | 'lead-time' | 'peak-period' | 'horizon';
  earliest: string | null;
  latest: string | null;
}
