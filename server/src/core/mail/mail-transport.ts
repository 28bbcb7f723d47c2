import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Where mail leaves Invigil. Chosen by MAIL_TRANSPORT; a failed `send` must throw. */
export interface MailTransport {
  /** recorded on each sent message, so one can tell where it went */
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** SMTP through a small nodemailer connection pool (SMTP_URL, MAIL_FROM). */
@Injectable()
export class SmtpTransport implements MailTransport, OnApplicationShutdown {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(private readonly config: AppConfig) {
    this.transporter = createTransport({
      url: config.SMTP_URL,
      pool: true,
      maxConnections: 5,
      // short timeouts: a hung server must fail the attempt well within the sweep's claim
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}

/**
 * Development: nothing leaves the machine. The message stays in the outbox marked sent by
 * `dev`, and the development mailbox (GET /api/dev/mailbox) shows it.
 */
@Injectable()
export class DevMailboxTransport implements MailTransport {
  readonly name = 'dev';
  send(): Promise<void> {
    return Promise.resolve();
  }
}

export function createMailTransport(config: AppConfig): MailTransport {
  return config.MAIL_TRANSPORT === 'smtp' ? new SmtpTransport(config) : new DevMailboxTransport();
}
