import { invitationMail } from './invitation-mail';

describe('invitation mail', () => {
  const base = {
    role: 'instructor' as const,
    scopeName: 'Northfield College',
    acceptUrl: 'https://invigil.example/invite/abc',
    expiresAt: new Date('2026-07-01T16:00:00Z'),
    timeZone: 'America/Toronto',
  };

  it('names the place, the role and the link, with the expiry in the given zone', () => {
    const mail = invitationMail(base);
    expect(mail.subject).toBe('You are invited to Northfield College on Invigil');
    expect(mail.text).toContain('join Northfield College on Invigil as an instructor.');
    expect(mail.text).toContain('https://invigil.example/invite/abc');
    expect(mail.text).toContain('1 July 2026 at 12:00 EDT');
  });

  it('greets the invitee by name when a roster gave one', () => {
    expect(invitationMail({ ...base, name: 'Ada' }).text.startsWith('Hello Ada,')).toBe(true);
    expect(invitationMail(base).text.startsWith('Hello,')).toBe(true);
  });

  it('uses readable role names', () => {
    expect(invitationMail({ ...base, role: 'certification_body_admin', timeZone: 'UTC' }).text).toContain(
      'as a certification body admin.',
    );
  });
});
