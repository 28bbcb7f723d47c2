import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { MailMessageDto } from '@invigil/contracts';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { Public } from '../auth/decorators';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { Problem } from '../errors/problem';
import { ApiProblems } from '../http/api-problems';
import { MailService } from './mail.service';

class MailboxQueryDto {
  @ApiPropertyOptional({ description: 'only messages to this address' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  to?: string;
}

/** Development only: the mail Invigil would have sent, so invitations can be followed locally. */
@ApiTags('dev')
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly mail: MailService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Mail in the outbox, newest first, at most 100 (only when MAIL_TRANSPORT=dev)' })
  @ApiProblems(400, 404)
  list(@Query() query: MailboxQueryDto): Promise<MailMessageDto[]> {
    // without the dev transport real mail flows: the route must not exist
    if (this.config.MAIL_TRANSPORT !== 'dev') throw Problem.noSuchRoute();
    return this.mail.mailbox(this.tx.manager, query.to);
  }
}
