import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('fills every setting with its default in development', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/invigil');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.MAIL_TRANSPORT).toBe('dev');
  });

  it('converts numbers and booleans from environment strings', () => {
    const config = loadConfig({ PORT: '8081', TRUST_PROXY: 'true', ACCESS_TOKEN_TTL_SECONDS: '600' });
    expect(config.PORT).toBe(8081);
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(600);
  });

  it('names every bad value in one message', () => {
    expect(() => loadConfig({ PORT: 'eighty', REDIS_URL: 'http://nope', MAIL_TRANSPORT: 'pigeon' })).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/PORT[\s\S]*REDIS_URL[\s\S]*MAIL_TRANSPORT/),
      }) as Error,
    );
  });

  it('refuses development secrets and missing settings in production', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'VOUCHER_HMAC_SECRET', 'PUBLIC_URL'])
      expect(message).toContain(key);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://invigil:secret@db:5432/invigil',
      REDIS_URL: 'redis://redis:6379',
      JWT_SECRET: 'x'.repeat(48),
      VOUCHER_HMAC_SECRET: 'h'.repeat(48),
      VOUCHER_ENCRYPTION_KEY: 'k'.repeat(48),
      PUBLIC_URL: 'https://exams.example.org',
    });
    expect(config.isProduction).toBe(true);
  });

  it('requires an SMTP URL only when mail goes through SMTP', () => {
    expect(() => loadConfig({ MAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
    expect(loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mail.example.org:587' }).SMTP_URL).toBe(
      'smtp://mail.example.org:587',
    );
  });
});
