/**
 * Stacking rules: how a credential is earned. A rule names exams (to pass) and other credentials
 * (to hold) and asks for all of them, or for any `minCount` of them: "all of Dreamweaver and
 * Animate", "any 3 of the five MOS associate certifications". Plain values in, plain values out.
 */

export type StackingRuleKind = 'all' | 'any';

export interface StackingRule {
  kind: StackingRuleKind;
  /** how many items an "any" rule needs; null for "all" */
  minCount: number | null;
  examIds: readonly string[];
  credentialIds: readonly string[];
}

export interface RuleViolation {
  field: 'rule' | 'rule.minCount' | 'rule.examIds' | 'rule.credentialIds';
  message: string;
}

/** What a candidate has: exams passed and credentials already held. */
export interface Achievements {
  passedExamIds: ReadonlySet<string>;
  heldCredentialIds: ReadonlySet<string>;
}

export interface RuleEvaluation {
  satisfied: boolean;
  /** items of the rule the candidate already has */
  met: number;
  /** items the rule asks for */
  required: number;
}

const itemCount = (rule: StackingRule): number => rule.examIds.length + rule.credentialIds.length;

function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) (seen.has(id) ? repeated : seen).add(id);
  return [...repeated];
}

/** Everything wrong with a rule, each tied to the request field that carries it; empty when valid. */
export function validateStackingRule(rule: StackingRule): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const items = itemCount(rule);
  if (items === 0) {
    violations.push({ field: 'rule', message: 'rule must name at least one exam or credential' });
  }
  const examDuplicates = duplicatesOf(rule.examIds);
  if (examDuplicates.length > 0) {
    violations.push({
      field: 'rule.examIds',
      message: `rule.examIds lists ${examDuplicates.join(', ')} more than once`,
    });
  }
  const credentialDuplicates = duplicatesOf(rule.credentialIds);
  if (credentialDuplicates.length > 0) {
    violations.push({
      field: 'rule.credentialIds',
      message: `rule.credentialIds lists ${credentialDuplicates.join(', ')} more than once`,
    });
  }
  if (rule.kind === 'all') {
    if (rule.minCount !== null) {
      violations.push({
        field: 'rule.minCount',
        message: 'rule.minCount must be null when kind is "all" (every item is required)',
      });
    }
  } else if (rule.minCount === null) {
    violations.push({ field: 'rule.minCount', message: 'rule.minCount is required when kind is "any"' });
  } else if (!Number.isInteger(rule.minCount) || rule.minCount < 1) {
    violations.push({
      field: 'rule.minCount',
      message: 'rule.minCount must be a whole number of at least 1',
    });
  } else if (items > 0 && rule.minCount > items) {
    violations.push({
      field: 'rule.minCount',
      message: `rule.minCount must not exceed the number of exams and credentials named (${items})`,
    });
  }
  return violations;
}

/** How many items the rule asks for: every one for "all", `minCount` for "any". */
export function requiredCount(rule: StackingRule): number {
  return rule.kind === 'all' ? itemCount(rule) : (rule.minCount ?? itemCount(rule));
}

/**
 * Whether the achievements satisfy the rule. An empty rule is never satisfied, so a malformed
 * rule can never hand out a credential.
 */
export function evaluateStackingRule(rule: StackingRule, achievements: Achievements): RuleEvaluation {
  const met =
    rule.examIds.filter((id) => achievements.passedExamIds.has(id)).length +
    rule.credentialIds.filter((id) => achievements.heldCredentialIds.has(id)).length;
  const required = requiredCount(rule);
  return { satisfied: itemCount(rule) > 0 && required > 0 && met >= required, met, required };
}

export interface CredentialWithRule {
  id: string;
  rule: StackingRule;
}

/**
 * The credentials the achievements newly earn, in the order they are earned: a pass can earn an
 * exam's credential, which in turn completes a stack ("MOS Associate"), and so on until nothing
 * more is earned. Credentials already held are not repeated.
 */
export function newlyEarnedCredentials(
  credentials: readonly CredentialWithRule[],
  achievements: Achievements,
): string[] {
  const held = new Set(achievements.heldCredentialIds);
  const earned: string[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const credential of credentials) {
      if (held.has(credential.id)) continue;
      const current = { passedExamIds: achievements.passedExamIds, heldCredentialIds: held };
      if (evaluateStackingRule(credential.rule, current).satisfied) {
        held.add(credential.id);
        earned.push(credential.id);
        progress = true;
      }
    }
  }
  return earned;
}

/** Codes to show in place of ids; an id without a label is shown as it is. */
export interface RuleLabels {
  exams: ReadonlyMap<string, string>;
  credentials: ReadonlyMap<string, string>;
}

/**
 * The rule in words, with codes: "MO-100", "All of: ACP-DW, ACP-AN",
 * "Any 3 of: MO-100, MO-200, MO-300, MO-400, MO-500". Items keep the order given.
 */
export function summarizeStackingRule(rule: StackingRule, labels: RuleLabels): string {
  const items = [
    ...rule.examIds.map((id) => labels.exams.get(id) ?? id),
    ...rule.credentialIds.map((id) => labels.credentials.get(id) ?? id),
  ];
  if (items.length === 0) return 'Nothing (the rule is empty)';
  if (items.length === 1 && requiredCount(rule) === 1) return items[0];
  const lead = rule.kind === 'all' ? 'All of' : `Any ${requiredCount(rule)} of`;
  return `${lead}: ${items.join(', ')}`;
}

/**
 * A credential must not require itself, directly or through other credentials, or it could
 * never be earned. `requires` maps each credential to the credentials its rule names; the
 * credential being written is checked with `proposed` in place of what it requires today.
 * Returns the loop as a path of ids from the credential back to itself, or null.
 */
export function findRequirementCycle(
  credentialId: string,
  proposed: readonly string[],
  requires: ReadonlyMap<string, readonly string[]>,
): string[] | null {
  const edgesOf = (id: string): readonly string[] =>
    id === credentialId ? proposed : (requires.get(id) ?? []);
  const visited = new Set<string>();
  // depth-first, iteratively, remembering the path that led to each credential on the stack
  const stack: { id: string; path: string[] }[] = [{ id: credentialId, path: [credentialId] }];
  while (stack.length > 0) {
    const { id, path } = stack.pop() as { id: string; path: string[] };
    for (const next of edgesOf(id)) {
      if (next === credentialId) return [...path, next];
      if (visited.has(next)) continue;
      visited.add(next);
      stack.push({ id: next, path: [...path, next] });
    }
  }
  return null;
}
