import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../../core/mail/mail.module';
import { InstitutionEntity } from './institution.entity';
import { InstitutionsController } from './institutions.controller';
import { InstitutionsRepository } from './institutions.repository';
import { InstitutionsService } from './institutions.service';
import { InvitationEntity } from './invitation.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';

/** Institutions, their members, and invitations into institutions and certification bodies. */
@Module({
  imports: [TypeOrmModule.forFeature([InstitutionEntity, InvitationEntity]), MailModule],
  controllers: [InstitutionsController, InvitationsController],
  providers: [InstitutionsRepository, InstitutionsService, InvitationsRepository, InvitationsService],
  exports: [InstitutionsRepository],
})
export class InstitutionsModule {}
