import { Module } from '@nestjs/common';
import { MailModule } from '../../core/mail/mail.module';
import { AttemptsController } from './attempts.controller';
import { AttemptsRepository } from './attempts.repository';
import { AttemptsService } from './attempts.service';
import { RetakeGate } from './retake-gate';

/** Exam attempts: started by the block's proctor, scored by the certification body; the retake gate. */
@Module({
  imports: [MailModule],
  controllers: [AttemptsController],
  providers: [AttemptsRepository, AttemptsService, RetakeGate],
  exports: [RetakeGate],
})
export class AttemptsModule {}
