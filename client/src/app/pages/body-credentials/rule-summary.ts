import type { StackingRuleDto } from '@invigil/contracts';

/**
 * The rule in words, as the editor changes it: "All of: MO-100, MO-200" or "Any 3 of: …".
 * (The server's `ruleSummary` is the authority once saved.)
 */
export function describeRule(rule: StackingRuleDto, names: ReadonlyMap<string, string>): string {
  const items = [...rule.examIds, ...rule.credentialIds].map((id) => names.get(id) ?? 'unknown');
  if (items.length === 0) return 'Choose the exams and credentials it requires';
  if (rule.kind === 'all') return `All of: ${items.join(', ')}`;
  return `Any ${rule.minCount ?? '?'} of: ${items.join(', ')}`;
}
