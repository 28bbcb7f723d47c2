import type { Type } from '@nestjs/common';
import { JobsWorkerModule } from './core/jobs/jobs.module';
import { MailModule } from './core/mail/mail.module';
import { CatalogueModule } from './modules/catalogue/catalogue.module';
import { CentresModule } from './modules/centres/centres.module';
import { InstitutionsModule } from './modules/institutions/institutions.module';
import { SchedulingModule } from './modules/scheduling/scheduling.module';
import { VouchersModule } from './modules/vouchers/vouchers.module';

/** The business areas served by the API, one module per domain folder. */
export const FEATURE_MODULES: Type[] = [
  CatalogueModule,
  CentresModule,
  InstitutionsModule,
  VouchersModule,
  SchedulingModule,
];

/** Modules whose job processors run in the worker process, and the runner that finds them. */
export const WORKER_MODULES: Type[] = [MailModule, VouchersModule, SchedulingModule, JobsWorkerModule];
