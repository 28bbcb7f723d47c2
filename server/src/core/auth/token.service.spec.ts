import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { TokenService } from './token.service';

describe('TokenService.verifyAccess', () => {
  const secret = createSecretKey(Buffer.from('a-test-secret-of-enough-length-for-hs256', 'utf8'));
  const jwt = new JwtService({
    secret,
    signOptions: { algorithm: 'HS256' },
    verifyOptions: { algorithms: ['HS256'] },
  });
  const config = { ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_DAYS: 30 } as AppConfig;
  let tokens: TokenService;

  beforeEach(() => {
    tokens = new TokenService(jwt, config);
  });

  afterEach(() => jest.useRealTimers());

  it('accepts a token it signed, and the same token again with the same claims', () => {
    const { token } = tokens.signAccess('user-1');
    const first = tokens.verifyAccess(token);
    expect(first).toMatchObject({ sub: 'user-1', typ: 'access' });
    expect(tokens.verifyAccess(token)).toEqual(first);
  });

  it('checks the signature once per token text, not on every use', () => {
    const { token } = tokens.signAccess('user-1');
    const verify = jest.spyOn(jwt, 'verify');
    tokens.verifyAccess(token);
    tokens.verifyAccess(token);
    tokens.verifyAccess(token);
    expect(verify).toHaveBeenCalledTimes(1);
    verify.mockRestore();
  });

  it('refuses a token once it has expired, even one it verified before', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const { token, expiresAt } = tokens.signAccess('user-1');
    expect(tokens.verifyAccess(token)).not.toBeNull();
    jest.setSystemTime(expiresAt.getTime() - 1000);
    expect(tokens.verifyAccess(token)).not.toBeNull();
    jest.setSystemTime(expiresAt.getTime());
    expect(tokens.verifyAccess(token)).toBeNull();
    expect(tokens.verifyAccess(token)).toBeNull();
  });

  it('refuses a tampered token although the genuine one was verified', () => {
    const { token } = tokens.signAccess('user-1');
    expect(tokens.verifyAccess(token)).not.toBeNull();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'user-2', typ: 'access', exp: 4102444800, iat: 1 }),
    ).toString('base64url');
    expect(tokens.verifyAccess(`${header}.${forged}.${signature}`)).toBeNull();
    const flipped = signature[0] === 'A' ? 'B' : 'A';
    expect(
      tokens.verifyAccess(`${token.slice(0, -signature.length)}${flipped}${signature.slice(1)}`),
    ).toBeNull();
  });

  it('refuses tokens of another kind or from another key', () => {
    expect(tokens.verifyAccess(jwt.sign({ sub: 'user-1', typ: 'refresh' }, { expiresIn: 60 }))).toBeNull();
    const other = new JwtService({
      secret: 'another-secret-of-enough-length-here',
      signOptions: { algorithm: 'HS256' },
    });
    expect(tokens.verifyAccess(other.sign({ sub: 'user-1', typ: 'access' }, { expiresIn: 60 }))).toBeNull();
    expect(tokens.verifyAccess('not-a-token')).toBeNull();
  });
});
