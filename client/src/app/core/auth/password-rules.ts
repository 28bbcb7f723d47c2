/** A new password's least length: the server's rule (NIST SP 800-63B), checked here first. */
export const PASSWORD_MIN_LENGTH = 10;
