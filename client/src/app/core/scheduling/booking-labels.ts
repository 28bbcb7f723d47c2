import type { BookingStatus } from '@invigil/contracts';
import type { ChipTone } from '../ui/status-chip.component';

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  held: 'Held',
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  expired: 'Hold lapsed',
};

export function bookingTone(status: BookingStatus): ChipTone {
  switch (status) {
    case 'held':
      return 'warning';
    case 'confirmed':
      return 'success';
    case 'cancelled':
      return 'neutral';
    case 'expired':
      return 'neutral';
  }
}
