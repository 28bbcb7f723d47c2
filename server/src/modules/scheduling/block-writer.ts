import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TickBatcher } from '../../core/database/tick-batcher';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { BlockRefused, BookedBlock, NewBlock, SchedulingRepository } from './scheduling.repository';

/**
 * The most blocks one statement books. A statement holds the counter rows of its hours until it
 * commits, so a bigger one makes other processes wait longer; under bench:booking 64 gained
 * nothing over 32 (statements of about 30 blocks, 15 ms each).
 */
export const MAX_BLOCKS_PER_STATEMENT = 32;

const firstHour = (b: NewBlock): number =>
  b.vmHours.length ? Math.min(...b.vmHours.map((h) => h.getTime())) : 0;

/**
 * Sends the blocks asked for while the last statement ran to the database as one statement
 * (`SchedulingRepository.bookBlocks`): under load, one round trip and one commit for several
 * bookings instead of one each; alone, a booking waits for nothing. Each block is still all or
 * nothing on its own inside the statement, and overbooking is still refused by the database.
 *
 * One statement at a time per process: every statement of a busy hour needs that hour's counter
 * row, so a second one would only wait for the first (two or more at once measured slower under
 * bench:booking, in lanes by hour too). Blocks go sorted by their first VM hour, so statements
 * of several processes take the hot counter rows in the same order. A statement that failed as
 * a whole (nothing of it was committed: a deadlock with another process, a race the constraints
 * caught) is tried again block by block, so one block's failure stays its own.
 */
@Injectable()
export class BlockWriter {
  // one statement at a time: the next takes every block asked for while this one ran
  private readonly batcher = new TickBatcher<NewBlock, BookedBlock>(
    (blocks) => this.statement(blocks),
    MAX_BLOCKS_PER_STATEMENT,
    1,
  );

  constructor(
    private readonly repository: SchedulingRepository,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Books `block`, batched with others of the same turn; inside a transaction (`em` is not the
   * runner's own manager) it is booked alone in that transaction. A refused block rejects with
   * its `BlockRefused`.
   */
  write(block: NewBlock, em: EntityManager = this.tx.manager): Promise<BookedBlock> {
    if (em !== this.tx.manager) return this.alone(em, block);
    return this.batcher.add(block);
  }

  /** One statement for `blocks`; its answers, or, if it failed as a whole, each block alone. */
  private async statement(blocks: NewBlock[]): Promise<Promise<BookedBlock>[]> {
    if (blocks.length === 1) {
      const [answer] = await this.repository.bookBlocks(this.tx.manager, blocks);
      return [settle(answer)];
    }
    const hours = blocks.map(firstHour);
    const order = blocks.map((_, i) => i).sort((a, b) => hours[a] - hours[b]);
    const all = await this.repository
      .bookBlocks(
        this.tx.manager,
        order.map((i) => blocks[i]),
      )
      .catch(() => null);
    const answers = new Array<Promise<BookedBlock>>(blocks.length);
    // tried again alone, these run beside the next statement (a failed statement is rare)
    order.forEach((i, at) => {
      answers[i] = all ? settle(all[at]) : this.alone(this.tx.manager, blocks[i]);
    });
    return answers;
  }

  private async alone(em: EntityManager, block: NewBlock): Promise<BookedBlock> {
    const [answer] = await this.repository.bookBlocks(em, [block]);
    return settle(answer);
  }
}

function settle(answer: BookedBlock | BlockRefused): Promise<BookedBlock> {
  return answer instanceof BlockRefused ? Promise.reject(answer) : Promise.resolve(answer);
}
