import { loadConfig } from '../../core/config/app-config';
import { CodeVault } from './code-vault';
import { VoucherCode } from './domain/voucher-code';

describe('CodeVault', () => {
  const vault = new CodeVault(loadConfig({}));

  it('mints valid codes whose hash and ciphertext match the code', () => {
    const minted = vault.mint();
    expect(VoucherCode.parse(minted.code)).toEqual({ ok: true, code: minted.code });
    expect(vault.lookupHash(minted.code).equals(minted.hash)).toBe(true);
    expect(vault.decrypt(minted.encrypted)).toBe(minted.code);
    expect(minted.encrypted.includes(Buffer.from(minted.code))).toBe(false);
  });

  it('derives different hashes under a different secret', () => {
    const other = new CodeVault(
      loadConfig({ VOUCHER_HMAC_SECRET: 'another-secret-of-at-least-32-characters!' }),
    );
    const { code } = vault.mint();
    expect(other.lookupHash(code).equals(vault.lookupHash(code))).toBe(false);
  });

  it('detects a tampered ciphertext', () => {
    const { encrypted } = vault.mint();
    encrypted[encrypted.length - 1] ^= 1;
    expect(() => vault.decrypt(encrypted)).toThrow();
  });
});
