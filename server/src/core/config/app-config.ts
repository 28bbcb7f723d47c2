import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

const DEV_SECRET = 'invigil-development-secret-not-for-production-use';

/**
 * Every setting the server reads, declared once with its default. Read from the environment
 * once at boot by `loadConfig`; nothing else reads `process.env`.
 */
export class AppConfig {
  /** production refuses development defaults for secrets */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** PostgreSQL connection URL */
  @IsString()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/invigil';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  /** Redis connection URL (rate limits, job queues, realtime adapter) */
  @IsString()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key this deployment writes; lets tests share one Redis */
  @IsString()
  @MinLength(1)
  REDIS_PREFIX = 'invigil';

  /** HMAC secret for access tokens; at least 32 characters */
  @IsString()
  @MinLength(32)
  JWT_SECRET = DEV_SECRET;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  INVITATION_TTL_HOURS = 168;

  /** Login attempts allowed per client address per minute */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_IP_PER_MINUTE = 30;

  /** Accounts one address may ask to create per hour (self sign-up) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGN_UP_LIMIT_PER_IP_PER_HOUR = 10;

  /** Hours a sign-up's confirmation link stays valid */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EMAIL_VERIFICATION_HOURS = 48;

  /** Minutes a password reset link stays valid */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  PASSWORD_RESET_MINUTES = 60;

  /** Failed logins for one account before it is locked for LOGIN_LOCKOUT_SECONDS */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_SECONDS = 900;

  /** `dev` keeps sent mail in a development mailbox page; `smtp` sends through SMTP_URL */
  @IsIn(['dev', 'smtp'])
  MAIL_TRANSPORT: 'dev' | 'smtp' = 'dev';

  @ValidateIf((c: AppConfig) => c.MAIL_TRANSPORT === 'smtp')
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false })
  SMTP_URL = '';

  @IsString()
  MAIL_FROM = 'Invigil <no-reply@invigil.local>';

  /** Public base URL of the web client, used in links sent by mail */
  @IsUrl({ require_tld: false })
  PUBLIC_URL = 'http://localhost:3000';

  /** Directory of the built web client to serve on the API port; empty to serve none */
  @IsOptional()
  @IsString()
  CLIENT_DIST_DIR = '';

  /** Set when behind a load balancer so client addresses come from X-Forwarded-For */
  @Transform(toBool)
  TRUST_PROXY = false;

  /** How often the worker sweeps the mail outbox, in milliseconds */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  MAIL_OUTBOX_POLL_MS = 2000;

  /** HMAC key for voucher-code lookups (codes are never stored in clear); at least 32 characters */
  @IsString()
  @MinLength(32)
  VOUCHER_HMAC_SECRET = 'invigil-development-voucher-hmac-not-for-production';

  /** Key material for encrypting voucher codes at rest (AES-256-GCM); at least 32 characters */
  @IsString()
  @MinLength(32)
  VOUCHER_ENCRYPTION_KEY = 'invigil-development-voucher-encryption-key-not-for-production';

  /** Redemption attempts allowed per user per minute */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REDEEM_LIMIT_PER_USER_PER_MINUTE = 10;

  /** Redemption attempts allowed per client address per minute */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REDEEM_LIMIT_PER_IP_PER_MINUTE = 30;

  /** Failed redemptions by one user before a lockout of REDEEM_LOCKOUT_SECONDS */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REDEEM_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  REDEEM_LOCKOUT_SECONDS = 900;

  /** Days an institution has to pay an invoice for a voucher order */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  INVOICE_DUE_DAYS = 30;

  /** Minutes a booking hold keeps its seats and VMs before they free themselves */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(120)
  BOOKING_HOLD_MINUTES = 10;

  /** Minutes kept free after an exam to set up the next block; a longer exam takes the next hour */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  BOOKING_SETUP_BUFFER_MINUTES = 10;

  /** Hours before a block's start after which only the operator may cancel, move or remove candidates */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 14)
  BOOKING_CHANGE_CUTOFF_HOURS = 24;

  /** Platform booking window: minimum lead time in days */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  BOOKING_MIN_LEAD_DAYS = 14;

  /** Platform booking window: minimum lead time in days inside a region's peak periods */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  BOOKING_PEAK_MIN_LEAD_DAYS = 21;

  /** Platform booking window: how far ahead a block may be booked, in days */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  BOOKING_MAX_HORIZON_DAYS = 120;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

/** Settings production must be given explicitly (the compose file is checked against this list). */
export const REQUIRED_IN_PRODUCTION: readonly (keyof AppConfig)[] = [
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'VOUCHER_HMAC_SECRET',
  'VOUCHER_ENCRYPTION_KEY',
  'PUBLIC_URL',
];

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new AppConfig()).filter((k) => k in env && env[k] !== '');
  const raw = Object.fromEntries(known.map((k) => [k, env[k]]));
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const problems = validateSync(config, { skipMissingProperties: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`),
  );
  if (config.isProduction) {
    for (const key of REQUIRED_IN_PRODUCTION) {
      if (!known.includes(key)) problems.push(`${key}: must be set when NODE_ENV=production`);
    }
    if (config.JWT_SECRET === DEV_SECRET)
      problems.push('JWT_SECRET: the development secret is refused in production');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
