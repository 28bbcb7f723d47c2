import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TickBatcher } from '../../core/database/tick-batcher';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { BlockRefused, BookedBlock, NewBlock, SchedulingRepository } from './scheduling.repository';

/**
 * The most blocks one statement books. Each block is a subtransaction inside it, and PostgreSQL
 * keeps at most 64 of a transaction's subtransaction ids in shared memory before every other
 * snapshot has to look them up on disk; batches stay well below that.
 */
export const MAX_BLOCKS_PER_STATEMENT = 32;
const XX = { n: 0, b: 0, ms: 0 };
if (process.env.XX_STATS)
  setInterval(() => {
    if (XX.n)
      process.stderr.write(
        `writer batches=${XX.n} avg=${(XX.b / XX.n).toFixed(1)} ms/batch=${(XX.ms / XX.n).toFixed(2)}\n`,
      );
    XX.n = XX.b = XX.ms = 0;
  }, 1000).unref();

const LANES = Number(process.env.XX_LANES ?? 8);
function laneOf(b: NewBlock): number {
  const key = b.vmPoolId && b.vmHours.length ? `${b.vmPoolId}|${firstHour(b)}` : b.centreId;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % LANES;
}

const firstHour = (b: NewBlock): number =>
  b.vmHours.length ? Math.min(...b.vmHours.map((h) => h.getTime())) : 0;

/**
 * Sends the blocks asked for in one turn of the event loop to the database as one statement
 * (`SchedulingRepository.bookBlocks`): under load, one round trip and one commit for several
 * bookings instead of one each; alone, a booking waits for nothing. Each block is still all or
 * nothing on its own inside the statement, and overbooking is still refused by the database.
 *
 * Blocks go sorted by their first VM hour, so concurrent statements take the hot counter rows
 * in the same order. A statement that failed as a whole (nothing of it was committed) is tried
 * again block by block, so one block's failure stays its own.
 */
@Injectable()
export class BlockWriter {
  private readonly lanes = Array.from(
    { length: LANES },
    () =>
      new TickBatcher<NewBlock, BookedBlock>(
        (blocks) => Promise.resolve(this.statement(blocks)),
        MAX_BLOCKS_PER_STATEMENT,
        Number(process.env.XX_INFLIGHT ?? 1),
      ),
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
    return this.lanes[laneOf(block)].add(block);
  }

  private statement(blocks: NewBlock[]): Promise<BookedBlock>[] {
    const t0 = performance.now();
    XX.n++;
    XX.b += blocks.length;
    const done = () => {
      XX.ms += performance.now() - t0;
    };
    const r = this.statement2(blocks);
    void Promise.allSettled(r).then(done);
    return r;
  }
  private statement2(blocks: NewBlock[]): Promise<BookedBlock>[] {
    if (blocks.length === 1) return [this.alone(this.tx.manager, blocks[0])];
    const order = blocks.map((_, i) => i).sort((a, b) => firstHour(blocks[a]) - firstHour(blocks[b]));
    const together = this.repository
      .bookBlocks(
        this.tx.manager,
        order.map((i) => blocks[i]),
      )
      .catch(() => null);
    const answers = new Array<Promise<BookedBlock>>(blocks.length);
    order.forEach((i, at) => {
      answers[i] = together.then((all) => (all ? settle(all[at]) : this.alone(this.tx.manager, blocks[i])));
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
