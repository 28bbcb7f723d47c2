import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("records the headers helmet sets, the CSP's directives included", () => {
    const headers = securityHeaders({
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } },
    });
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("img-src 'self' data:");
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(headers['x-powered-by']).toBeUndefined();
  });

  it('leaves out what is switched off', () => {
    const headers = securityHeaders({ frameguard: false, contentSecurityPolicy: false });
    expect(headers['x-frame-options']).toBeUndefined();
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a directive worked out per request, which one set of headers cannot hold', () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { directives: { 'script-src': ["'self'", () => "'nonce-abc'"] } },
      }),
    ).toThrow(/no directive may depend on the request/);
  });

  it('passes on what helmet refuses', () => {
    expect(() => securityHeaders({ referrerPolicy: { policy: 'nonsense' as never } })).toThrow();
  });
});
