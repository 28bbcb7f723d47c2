import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * The one way to open a transaction. Repository methods take the `EntityManager` it hands
 * out; inside the callback use only that handle.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (em: EntityManager) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    // READ COMMITTED is PostgreSQL's default: naming it would cost a SET TRANSACTION round trip
    return isolation === 'READ COMMITTED'
      ? this.dataSource.transaction(work)
      : this.dataSource.transaction(isolation, work);
  }

  /** For reads that need no transaction. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
