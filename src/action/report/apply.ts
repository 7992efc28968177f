/**
 * The apply report as a document (see layout.ts). A failed apply opens with what failed: the headline counts domains
 * changed and failed, and the caution alert lists every failure (the step, the cloud's answer, the fix) and every
 * conflict left untouched. Then one row per domain applied, its steps folded with their request ids, and the DNS check.
 */
import {
  type ApplyResult,
  type DomainPlan,
  describeStep,
  type Plan,
  type StepResult,
  summarizePlan,
} from '../../core/index.js';
import { count, escapeMarkdown as esc, foldInline, tableHead, tableRow } from '../../github/markdown.js';
import { type Block, type CautionEntry, type Doc, domains, Rank } from './layout.js';
import { conflictEntries, domainName, KINDS, planBlocks, planCaution, type Where, warningsBlock } from './plan.js';

const RETRY_FIX = 'fix the cause, then run apply again: it resumes where it stopped';

/** The domains apply worked on, each with the results of its steps, in the plan's order. */
export interface DomainOutcome {
  plan: DomainPlan;
  results: StepResult[];
  failed: boolean;
  /** Waiting for records at another DNS provider (`dns: none`): not failed, not done. */
  pending: boolean;
}

export function domainOutcomes(result: ApplyResult): DomainOutcome[] {
  const byDomain = new Map<string, StepResult[]>();
  for (const r of result.results) byDomain.set(r.step.domain, [...(byDomain.get(r.step.domain) ?? []), r]);
  return result.plan.domains
    .filter((d) => byDomain.has(d.domain))
    .map((d) => {
      const results = byDomain.get(d.domain)!;
      const failed = results.some((r) => !r.ok);
      return { plan: d, results, failed, pending: !failed && results.some((r) => r.pending === true) };
    });
}

/** The core's error text is `what happened` and, on a line of its own after `→`, what to do. */
function splitFix(error: string): { message: string; fix?: string } {
  const m = /^([\s\S]*?)\n\s*→\s*([\s\S]+)$/.exec(error);
  return m ? { message: m[1]!, fix: m[2]! } : { message: error };
}

function failureEntry(o: DomainOutcome): CautionEntry {
  const first = o.results.find((r) => !r.ok)!;
  const { message, fix } = splitFix(first.error ?? 'failed');
  const subject = `**${domainName(o.plan)}**`;
  return {
    full: `${subject} — ${esc(describeStep(first.step))} failed: ${esc(message)} → **fix:** ${esc(fix ?? RETRY_FIX)}`,
    name: subject,
    group: `failed\u0000${fix ?? ''}`,
    groupLine: `**failed** → fix: ${esc(fix ?? RETRY_FIX)}`,
  };
}

function stepLine(r: StepResult): string {
  const ids = r.requestIds.length > 0 ? ` — request id ${esc(r.requestIds.join(', '))}` : '';
  if (r.pending) return `⏳ ${esc(describeStep(r.step))}: pending — ${esc(r.detail ?? '')}${ids}`;
  if (r.ok) return `✓ ${esc(describeStep(r.step))}${r.detail ? ` (${esc(r.detail)})` : ''}${ids}`;
  return `✗ ${esc(describeStep(r.step))}: ${esc(splitFix(r.error ?? 'failed').message)}${ids}`;
}

function resultsBlock(outcomes: DomainOutcome[]): Block {
  const items = outcomes.map((o) => {
    const done = o.results.filter((r) => r.ok && !r.pending).length;
    const summary = o.failed || o.pending ? `${done} of ${count(o.results.length, 'step')} done` : count(done, 'step');
    const result = o.failed ? '❌ failed' : o.pending ? '⏳ pending: records to create' : '✅ changed';
    return {
      text: tableRow([`**${domainName(o.plan)}**`, result, foldInline(summary, o.results.map(stepLine))]),
      rank: o.failed
        ? Rank.failed
        : o.pending
          ? Rank.update
          : o.plan.action === 'create'
            ? Rank.create
            : Rank[o.plan.action],
      kind: o.failed ? 'failed' : o.pending ? 'pending' : 'changed',
    };
  });
  return { head: `${tableHead(['domain', 'result', 'steps'])}\n`, items, sep: '\n' };
}

function verificationBlock(result: ApplyResult): Block {
  const items = result.verifications.map((v) => ({
    text: tableRow([
      `**${esc(v.domain)}**`,
      esc(v.expected),
      esc(v.answers.join(' → ') || '(no answer)'),
      v.ok ? '✅ resolves' : `⚠️ ${esc(v.error ?? 'not yet (DNS may still be propagating)')}`,
    ]),
    rank: v.ok ? Rank.check : Rank.update,
    kind: 'check',
  }));
  return {
    head: `#### Verification (DNS)\n\n${tableHead(['domain', 'expected', 'answers', 'result'])}\n`,
    items,
    sep: '\n',
  };
}

const APPLY_KINDS: Doc['kinds'] = {
  ...KINDS,
  changed: domains('changed'),
  pending: domains('pending'),
  failed: domains('failed'),
  check: (n) => count(n, 'DNS check'),
};

/** `apply`: what was done, or, when nothing was applied, why (nothing to do, or only conflicts). */
export function applyDoc(plan: Plan, result: ApplyResult | undefined, where: Where): Doc {
  const s = summarizePlan(plan);
  const title = '### oss-domains apply';
  if (!result || result.results.length === 0) {
    const conflicts = s.conflict > 0 ? `; ${domains('in conflict')(s.conflict)}, left untouched` : '';
    return {
      title,
      headline: `**Nothing to do**: the cloud already matches the file (${count(plan.domains.length, 'domain')})${conflicts}.`,
      caution: planCaution(plan, where),
      blocks: planBlocks(plan),
      kinds: KINDS,
    };
  }
  const outcomes = domainOutcomes(result);
  const failed = outcomes.filter((o) => o.failed);
  const pending = outcomes.filter((o) => o.pending).length;
  const changed = outcomes.length - failed.length - pending;
  const waiting = pending > 0 ? `${domains('pending')(pending)} (records to create at your DNS provider), ` : '';
  const rest = `${waiting}${s.conflict} in conflict, ${s.unchanged} unchanged`;
  const headline =
    failed.length > 0
      ? `**Apply failed for ${failed.length} of ${count(outcomes.length, 'domain')}**: ${changed} changed, ` +
        `${failed.length} failed, ${rest}.`
      : `**Applied**: ${domains('changed')(changed)}; ${rest}.`;
  const entries = [...failed.map(failureEntry), ...conflictEntries(plan, where)];
  const lead = [
    failed.length > 0 ? `${domains('failed')(failed.length)}` : '',
    s.conflict > 0 ? `${domains('in conflict')(s.conflict)}, left untouched` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return {
    title,
    headline,
    caution: entries.length > 0 ? { lead: `**${lead}.** Each, with its fix:`, entries } : undefined,
    blocks: [resultsBlock(outcomes), verificationBlock(result), warningsBlock(plan)],
    kinds: APPLY_KINDS,
  };
}

/** Domains apply changed completely: the unit of the `changes` output and of the headline. */
export const domainsChanged = (result: ApplyResult | undefined): number =>
  result ? domainOutcomes(result).filter((o) => !o.failed && !o.pending).length : 0;
