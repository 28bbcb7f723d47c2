/**
 * Rules over an exam's definition that span more than one field, so a DTO cannot check them
 * alone: the pass mark within the score range, and objective codes unique within the exam.
 */

import type { DeliveryMode, ExamLevel } from '@invigil/contracts';

export const EXAM_LEVELS = [
  'fundamentals',
  'associate',
  'professional',
  'expert',
] as const satisfies readonly ExamLevel[];
export const DELIVERY_MODES = [
  'in_lab',
  'virtual_lab',
  'online_proctored',
] as const satisfies readonly DeliveryMode[];

/** Formats the database also enforces; checked first so the caller hears which field is wrong. */
export const EXAM_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const OBJECTIVE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;
export const DURATION_MINUTES = { min: 5, max: 480 };

export interface ExamObjective {
  code: string;
  description: string;
}

export interface ExamScoring {
  passingScore: number;
  maxScore: number;
}

export interface FieldViolation {
  field: string;
  message: string;
}

/** 0 <= passingScore <= maxScore; the violation names the field the caller sent. */
export function validateScoring(
  scoring: ExamScoring,
  sent: { passingScore: boolean; maxScore: boolean } = { passingScore: true, maxScore: true },
): FieldViolation[] {
  if (scoring.passingScore >= 0 && scoring.passingScore <= scoring.maxScore) return [];
  // blame the field the caller changed; when both (or neither) were sent, the pass mark
  const field = sent.maxScore && !sent.passingScore ? 'maxScore' : 'passingScore';
  const message =
    field === 'maxScore'
      ? `maxScore must be at least the passing score (${scoring.passingScore})`
      : `passingScore must be between 0 and maxScore (${scoring.maxScore})`;
  return [{ field, message }];
}

/**
 * Objective codes must be unique within an exam. Codes differing only in case ("d1" and "D1")
 * would read as the same objective on a credential, so they clash too.
 */
export function validateObjectives(objectives: readonly ExamObjective[]): FieldViolation[] {
  const firstIndex = new Map<string, number>();
  const violations: FieldViolation[] = [];
  objectives.forEach((objective, index) => {
    const key = objective.code.toLowerCase();
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }
    violations.push({
      field: `objectives.${index}.code`,
      message: `objective code "${objective.code}" is already used by objectives.${first}`,
    });
  });
  return violations;
}
