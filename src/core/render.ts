/**
 * Plans and apply results for humans: plain text for the terminal, Markdown for the Action's PR comment and job
 * summary (the bot puts the text form in a Slack section). One line per step, marked
 * `+` create, `~` update, `-` delete, `!` conflict (with its hint), `*` a record the user must create (`dns: none`).
 */
import type { ApplyResult, DomainPlan, Plan, Verification } from './model.js';
import { describeStep, stepMark } from './resources/index.js';
import { describeTarget } from './resources/record.js';

// A step's line and mark come from the resource that owns its kind (src/core/resources).
export { describeStep, stepMark } from './resources/index.js';

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  conflict: number;
  unchanged: number;
}

export function summarizePlan(plan: Plan): PlanSummary {
  const s: PlanSummary = { create: 0, update: 0, delete: 0, conflict: 0, unchanged: 0 };
  for (const d of plan.domains) s[d.action === 'noop' ? 'unchanged' : d.action]++;
  return s;
}

const summaryLine = (s: PlanSummary) =>
  `${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.conflict} in conflict, ${s.unchanged} unchanged`;

const heading = (d: DomainPlan) => (d.display && d.display !== d.domain ? `${d.display} (${d.domain})` : d.domain);
const shownTarget = (d: DomainPlan) => (d.target && d.action !== 'delete' ? ` → ${describeTarget(d.target)}` : '');

function renderText(plan: Plan): string {
  const out: string[] = [];
  const changed = plan.domains.filter((d) => d.action !== 'noop');
  for (const d of changed) {
    out.push(`${heading(d)}${shownTarget(d)}  (${d.action})`);
    for (const s of d.steps) out.push(`  ${stepMark(s)} ${describeStep(s)}`);
    for (const c of d.conflicts) {
      const where = c.pos ? ` [${c.pos.file}:${c.pos.line}:${c.pos.column}]` : '';
      out.push(`  ! ${c.code}: ${c.message}${where}`, `    → ${c.hint}`);
    }
  }
  if (plan.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of plan.warnings) out.push(`  - ${w.domain}: ${w.message}`);
  }
  const s = summarizePlan(plan);
  if (changed.length > 0) out.push('');
  out.push(
    changed.length === 0
      ? `No changes: ${s.unchanged} domain${s.unchanged === 1 ? ' is' : 's are'} in sync.`
      : `Plan: ${summaryLine(s)}.`,
  );
  return out.join('\n');
}

/**
 * Renders a plan as text, for terminals and Slack's code blocks. GitHub's surfaces have their own layout, with every
 * value escaped for Markdown (src/action/report).
 */
export function renderPlan(plan: Plan): string {
  return renderText(plan);
}

/**
 * One line per DNS check after an apply. A resolver that could not be asked (an error) is told apart from an answer
 * that is not the target yet, which is usually propagation.
 */
export function describeVerification(v: Verification): string {
  const answer = v.answers.length ? v.answers.join(' → ') : 'no answer';
  if (v.ok) return `✓ ${v.domain} resolves to ${answer}`;
  if (v.error) return `✗ ${v.domain} could not be resolved (expected ${v.expected}): ${v.error}`;
  return `✗ ${v.domain} resolves to ${answer} (expected ${v.expected}; DNS may still be propagating)`;
}

/** Renders what apply did: each step with ✓/✗, its request ids, and the DNS verification of each domain. */
export function renderApplyResult(result: ApplyResult): string {
  const out: string[] = [];
  if (result.stopped) out.push(`✗ ${result.stopped}`);
  for (const r of result.results) {
    if (r.notRun) continue; // named, with their count, by the line above
    const ids = r.requestIds.length > 0 ? ` [${r.requestIds.join(', ')}]` : '';
    // A pending step waits for records at another DNS provider; an interrupted one was waiting when the apply was
    // stopped. Neither is a failure: the next run finishes them.
    const detail = r.pending ? `: pending — ${r.detail ?? ''}` : r.detail ? `: ${r.detail}` : '';
    const mark = r.pending || r.interrupted ? '…' : r.ok ? '✓' : '✗';
    const line = `${mark} ${r.step.domain}: ${describeStep(r.step)}${detail}${ids}${r.error ? `\n    ${r.error}` : ''}`;
    out.push(line);
  }
  for (const v of result.verifications) out.push(describeVerification(v));
  if (out.length === 0) out.push('Nothing to do.');
  return out.join('\n');
}
