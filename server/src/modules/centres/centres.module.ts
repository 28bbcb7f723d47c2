import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccreditationController } from './accreditation.controller';
import { AccreditationService } from './accreditation.service';
import { CentreAccess } from './centre-access';
import { CentreProctorEntity } from './centre-proctor.entity';
import { CentresController } from './centres.controller';
import { CentresRepository } from './centres.repository';
import { CentresService } from './centres.service';
import { LabEntity } from './lab.entity';
import { OpeningHoursEntity } from './opening-hours.entity';
import { ProctorTrainingEntity } from './proctor-training.entity';
import { ProctorsController } from './proctors.controller';
import { ProctorsService } from './proctors.service';
import { TestingCentreEntity } from './testing-centre.entity';

/** Testing centres: details, opening hours, labs, accreditation, proctors and their training. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      TestingCentreEntity,
      OpeningHoursEntity,
      LabEntity,
      CentreProctorEntity,
      ProctorTrainingEntity,
    ]),
  ],
  controllers: [CentresController, AccreditationController, ProctorsController],
  providers: [CentresRepository, CentreAccess, CentresService, AccreditationService, ProctorsService],
  exports: [CentresService],
})
export class CentresModule {}
