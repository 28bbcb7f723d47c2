import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { DevMailboxController } from './dev-mailbox.controller';
import { MailDispatcher } from './mail-dispatcher';
import { MailMessageEntity } from './mail-message.entity';
import { MailOutboxRepository } from './mail-outbox.repository';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport';
import { MailService } from './mail.service';
import { SweepMailOutboxJob } from './sweep-mail-outbox.job';

/**
 * The outbox (MailService, for any module), its delivery (MailDispatcher, run by the worker's
 * SweepMailOutboxJob) and the development mailbox.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MailMessageEntity])],
  controllers: [DevMailboxController],
  providers: [
    MailService,
    MailOutboxRepository,
    MailDispatcher,
    SweepMailOutboxJob,
    { provide: MAIL_TRANSPORT, inject: [AppConfig], useFactory: createMailTransport },
  ],
  exports: [MailService, MailDispatcher, MailOutboxRepository],
})
export class MailModule {}
