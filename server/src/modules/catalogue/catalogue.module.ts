import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CertificationBodiesController } from './certification-bodies.controller';
import { CertificationBodiesRepository } from './certification-bodies.repository';
import { CertificationBodiesService } from './certification-bodies.service';
import { CertificationBodyEntity } from './certification-body.entity';
import { CredentialRequirementEntity } from './credential-requirement.entity';
import { CredentialEntity } from './credential.entity';
import { CredentialsController } from './credentials.controller';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';
import { ExamObjectiveEntity } from './exam-objective.entity';
import { ExamEntity } from './exam.entity';
import { ExamsController } from './exams.controller';
import { ExamsRepository } from './exams.repository';
import { ExamsService } from './exams.service';

/** Certification bodies, their exams and objectives, and the credentials their rules award. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      CertificationBodyEntity,
      ExamEntity,
      ExamObjectiveEntity,
      CredentialEntity,
      CredentialRequirementEntity,
    ]),
  ],
  controllers: [CertificationBodiesController, ExamsController, CredentialsController],
  providers: [
    CertificationBodiesRepository,
    ExamsRepository,
    CredentialsRepository,
    CertificationBodiesService,
    ExamsService,
    CredentialsService,
  ],
  exports: [ExamsService, CredentialsService, ExamsRepository, CredentialsRepository],
})
export class CatalogueModule {}
