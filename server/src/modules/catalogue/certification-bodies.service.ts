import { Injectable } from '@nestjs/common';
import type { CertificationBodyDto } from '@invigil/contracts';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { CertificationBodiesRepository } from './certification-bodies.repository';
import type { CreateCertificationBodyDto } from './dto/create-certification-body.dto';

@Injectable()
export class CertificationBodiesService {
  constructor(
    private readonly bodies: CertificationBodiesRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** The catalogue is public to every signed-in user: candidates browse it too. */
  list(): Promise<CertificationBodyDto[]> {
    return this.bodies.list(this.tx.manager);
  }

  create(actor: Actor, dto: CreateCertificationBodyDto): Promise<CertificationBodyDto> {
    actor.requireOperator();
    return this.tx.run(async (em) => {
      const body = await this.bodies.insert(em, {
        code: dto.code,
        name: dto.name,
        website: dto.website ?? null,
      });
      if (!body) {
        throw Problem.conflict(
          'already-exists',
          `A certification body with code "${dto.code}" already exists`,
          {
            field: 'code',
          },
        );
      }
      await this.audit.record(em, actor, {
        action: 'certification_body.created',
        entityType: 'certification_body',
        entityId: body.id,
        certificationBodyId: body.id,
        details: { code: body.code, name: body.name, website: body.website },
      });
      return body;
    });
  }
}
