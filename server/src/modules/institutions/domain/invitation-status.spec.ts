import { invitationStatus } from './invitation-status';

const now = new Date('2026-03-10T12:00:00Z');
const open = { expiresAt: new Date('2026-03-11T12:00:00Z'), acceptedAt: null, revokedAt: null };

describe('invitation status', () => {
  it('is pending while open and before its expiry', () => {
    expect(invitationStatus(open, now)).toBe('pending');
  });

  it('expires at the expiry instant exactly', () => {
    expect(invitationStatus({ ...open, expiresAt: now }, now)).toBe('expired');
    expect(invitationStatus({ ...open, expiresAt: new Date(now.getTime() + 1) }, now)).toBe('pending');
  });

  it('stays accepted or revoked after its expiry', () => {
    const past = new Date('2026-03-01T00:00:00Z');
    expect(invitationStatus({ expiresAt: past, acceptedAt: past, revokedAt: null }, now)).toBe('accepted');
    expect(invitationStatus({ expiresAt: past, acceptedAt: null, revokedAt: past }, now)).toBe('revoked');
  });
});
