import type { AccreditationStatus, TestingCentreDto } from '@invigil/contracts';
import type { ChipTone } from '../ui/status-chip.component';
import { formatMoney } from './money';

export function accreditationTone(status: AccreditationStatus): ChipTone {
  switch (status) {
    case 'accredited':
      return 'success';
    case 'onboarding':
      return 'info';
    case 'applied':
      return 'warning';
    case 'suspended':
    case 'rejected':
      return 'danger';
  }
}

/** What the centre's accreditation state means for its institution, and what happens next. */
export function accreditationExplanation(centre: TestingCentreDto): string {
  const a = centre.accreditation;
  const fee =
    a.onboardingFeeMinor !== null ? formatMoney(a.onboardingFeeMinor, centre.currency) : 'the onboarding fee';
  switch (a.status) {
    case 'applied':
      return 'The centre has applied for accreditation. The platform operator reviews it and sets the one-time onboarding fee; it cannot run exams yet.';
    case 'onboarding':
      return a.onboardingFeePaidAt
        ? `Onboarding: ${fee} has been paid. The platform operator accredits the centre once its labs and proctors are ready.`
        : `Onboarding: the one-time onboarding fee of ${fee} is awaiting payment. The centre cannot run exams until it is accredited.`;
    case 'accredited':
      return 'Accredited: the centre can run exams in its labs with its trained proctors.';
    case 'suspended':
      return `Suspended${a.reason ? `: ${a.reason}` : ''}. No new exams can run until the platform operator reinstates the centre.`;
    case 'rejected':
      return `Rejected${a.reason ? `: ${a.reason}` : ''}. The centre cannot run exams.`;
  }
}

export function totalSeats(centre: TestingCentreDto): number {
  return centre.labs.reduce((sum, lab) => sum + lab.seats, 0);
}
