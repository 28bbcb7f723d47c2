import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Problem } from '../../core/errors/problem';
import { mayRetake } from '../vouchers/domain/retake-policy';
import { AttemptsRepository } from './attempts.repository';

/**
 * The certification body's retake policy, applied when an entitlement is used to book a seat.
 * A candidate holds at most one attempt at an exam whose result is not in (a retake cannot be
 * booked before the result that decides when it may be sat), and the body's waits and yearly
 * limit apply at the new block's start. The candidate's row is locked first, so two bookings
 * racing for the same candidate are decided one after the other.
 */
@Injectable()
export class RetakeGate {
  constructor(private readonly attempts: AttemptsRepository) {}

  async assertMayBook(em: EntityManager, candidateId: string, examId: string, startsAt: Date): Promise<void> {
    await this.attempts.lockCandidate(em, candidateId);
    if (await this.attempts.hasPendingAttempt(em, candidateId, examId)) {
      throw Problem.conflict(
        'retake-not-allowed',
        'The candidate already has a seat or an attempt at this exam whose result is not in yet',
        { reason: 'attempt-pending', notBefore: null },
      );
    }
    const [policy, history] = await Promise.all([
      this.attempts.retakePolicy(em, examId),
      this.attempts.countedAttempts(em, candidateId, examId),
    ]);
    const verdict = mayRetake(policy, history, startsAt);
    if (verdict.allowed) return;
    const detail =
      verdict.reason === 'already-passed'
        ? 'The candidate has already passed this exam'
        : verdict.reason === 'wait'
          ? `The retake policy asks the candidate to wait until ${verdict.notBefore?.toISOString()}`
          : `The candidate has used every attempt the retake policy allows in a year, until ${verdict.notBefore?.toISOString()}`;
    throw Problem.conflict('retake-not-allowed', detail, {
      reason: verdict.reason,
      notBefore: verdict.notBefore?.toISOString() ?? null,
    });
  }
}
