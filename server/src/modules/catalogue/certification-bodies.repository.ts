import { Injectable } from '@nestjs/common';
import type { CertificationBodyDto } from '@invigil/contracts';
import { EntityManager } from 'typeorm';
import { CertificationBodyEntity } from './certification-body.entity';

const toDto = (b: CertificationBodyEntity): CertificationBodyDto => ({
  id: b.id,
  code: b.code,
  name: b.name,
  website: b.website,
});

/** All SQL about certification bodies. */
@Injectable()
export class CertificationBodiesRepository {
  async list(em: EntityManager): Promise<CertificationBodyDto[]> {
    const bodies = await em.find(CertificationBodyEntity, { order: { name: 'ASC', code: 'ASC' } });
    return bodies.map(toDto);
  }

  async findById(em: EntityManager, id: string): Promise<CertificationBodyDto | null> {
    const body = await em.findOne(CertificationBodyEntity, { where: { id } });
    return body ? toDto(body) : null;
  }

  /** Inserts unless the code is taken (decided by the unique constraint); null when it was. */
  async insert(
    em: EntityManager,
    body: { code: string; name: string; website: string | null },
  ): Promise<CertificationBodyDto | null> {
    const rows = await em.query<CertificationBodyDto[]>(
      `INSERT INTO certification_bodies (code, name, website) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT certification_bodies_code_key DO NOTHING
       RETURNING id, code, name, website`,
      [body.code, body.name, body.website],
    );
    return rows[0] ?? null;
  }

  /**
   * Locks the body's row until the transaction ends, so changes to its credentials' stacking
   * rules run one at a time and two of them cannot close a loop together. NO KEY UPDATE leaves
   * inserts of exams and credentials (which only take KEY SHARE) free to proceed.
   */
  async lockForRuleChange(em: EntityManager, id: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `SELECT id FROM certification_bodies WHERE id = $1 FOR NO KEY UPDATE`,
      [id],
    );
    return rows.length > 0;
  }
}
