// What is wrong with a value typed into a parameter's box, in words, naming the rule and the other field:
// "At risk must be less than Churned (365)". The config in force stays until the box is corrected.
import { configIssue, type Config } from '../../engine/config';
import { getParam, setParam } from '../config-path';
import { DICTS, formatWholeOr2, type Lang } from '../i18n';

/** schema.ts's words for a share outside 0..1 in share mode. */
const SHARE_RULE = 'must be a share between 0 and 1 in share mode';

export function paramProblem(lang: Lang, config: Config, path: string, value: number): string | null {
  const d = DICTS[lang];
  const p = d.paramProblem;
  const name = (f: string) => d.ruleNames[f] ?? d.controls[f] ?? f;
  const num = (x: unknown) => (typeof x === 'number' ? formatWholeOr2(lang, x) : String(x));
  if (!Number.isFinite(value)) return p.number(name(path));
  const candidate = setParam(config, path, value);
  const issue = configIssue(candidate);
  if (!issue) return null;
  if (issue.kind === 'order' && issue.other && (path === issue.field || path === issue.other)) {
    const mine = path === issue.field;
    const other = mine ? issue.other : issue.field;
    const otherValue = num(getParam(candidate, other));
    if (issue.relation === 'sum') return p.sum(name(path), name(other), otherValue);
    if (issue.relation === 'lt') return mine ? p.lt(name(path), name(other), otherValue) : p.gt(name(path), name(other), otherValue);
    return mine ? p.le(name(path), name(other), otherValue) : p.ge(name(path), name(other), otherValue);
  }
  if (issue.field === path && issue.kind === 'too_small') return p.min(name(path), num(issue.limit));
  if (issue.field === path && issue.kind === 'too_big') return p.max(name(path), num(issue.limit));
  if (issue.field === path && issue.kind === 'not_integer') return p.integer(name(path));
  // The shares' own rule, with the example the sentence beside the box suggests (it says "20%"; the box takes 0.2).
  if (issue.field === path && issue.message === `${path} ${SHARE_RULE}`) return p.share(name(path));
  return issue.message;
}
