import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { AppConfig } from '../../core/config/app-config';
import { VoucherCode } from './domain/voucher-code';

/**
 * Keeps voucher codes out of the database in clear (OWASP ASVS 2.6): a keyed HMAC to look a
 * code up, and an AES-256-GCM ciphertext so the owning institution can still view and export it.
 */
@Injectable()
export class CodeVault {
  private readonly hmacKey: Buffer;
  private readonly encryptionKey: Buffer;

  constructor(config: AppConfig) {
    this.hmacKey = createHash('sha256').update(`hmac:${config.VOUCHER_HMAC_SECRET}`).digest();
    this.encryptionKey = createHash('sha256').update(`aes:${config.VOUCHER_ENCRYPTION_KEY}`).digest();
  }

  /** A fresh code from the CSPRNG with its lookup hash and ciphertext. */
  mint(): { code: string; hash: Buffer; encrypted: Buffer; hint: string } {
    const code = VoucherCode.generate(randomBytes);
    return { code, hash: this.lookupHash(code), encrypted: this.encrypt(code), hint: code.slice(-4) };
  }

  /** `code` must be the normalised form from `VoucherCode.parse`. */
  lookupHash(code: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(code).digest();
  }

  encrypt(code: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(blob: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, blob.subarray(0, 12));
    decipher.setAuthTag(blob.subarray(12, 28));
    return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
  }
}
