import { formatWithZoneName } from '../../../core/time/zone-name';
import type { RoleName } from '@invigil/contracts';

const ROLE_LABELS: Record<RoleName, string> = {
  platform_operator: 'platform operator',
  certification_body_admin: 'certification body admin',
  institution_admin: 'institution admin',
  instructor: 'instructor',
  proctor: 'proctor',
  candidate: 'candidate',
};

export interface InvitationMailInput {
  role: RoleName;
  /** the institution or certification body the role is in */
  scopeName: string;
  acceptUrl: string;
  expiresAt: Date;
  /** the zone the expiry is shown in: the institution's, or UTC for a certification body */
  timeZone: string;
  /** the invitee's name, when a roster gave one */
  name?: string | null;
}

/** The invitation message: who invites you to what, the link, and until when it works. */
export function invitationMail(input: InvitationMailInput): { subject: string; text: string } {
  const role = ROLE_LABELS[input.role];
  const article = /^[aeiou]/.test(role) ? 'an' : 'a';
  const until = formatWithZoneName(input.expiresAt, input.timeZone, "d LLLL yyyy 'at' HH:mm");
  return {
    subject: `You are invited to ${input.scopeName} on Invigil`,
    text: [
      input.name ? `Hello ${input.name},` : 'Hello,',
      `You are invited to join ${input.scopeName} on Invigil as ${article} ${role}.`,
      `Accept the invitation here:\n${input.acceptUrl}`,
      `The link works once and until ${until}. If you did not expect this message, ignore it.`,
    ].join('\n\n'),
  };
}
