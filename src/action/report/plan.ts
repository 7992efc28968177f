/**
 * The plan and drift reports as documents (see layout.ts): counts of domains, every conflict with its fix in the
 * caution alert, one table row per domain with its steps folded, unchanged domains as a folded list, warnings. The
 * wording of each step and conflict is the core's; every value in it goes through `escapeMarkdown`.
 */
import {
  type Conflict,
  type DomainPlan,
  type DriftReport,
  describeStep,
  type Plan,
  type SourcePos,
  stepMark,
  summarizePlan,
} from '../../core/index.js';
import { count, escapeMarkdown as esc, foldBlock, foldInline, tableHead, tableRow } from '../../github/markdown.js';
import { type Block, type CautionEntry, type Doc, domains, type Item, Rank } from './layout.js';

/** Shows a position in domains.yml (repository-relative). */
export type Where = (pos: SourcePos) => string;

export const KINDS: Doc['kinds'] = {
  create: domains('to create'),
  update: domains('to update'),
  delete: domains('to delete'),
  conflict: domains('in conflict'),
  unchanged: domains('unchanged'),
  warning: (n) => count(n, 'warning'),
  orphan: (n) => `${count(n, 'owned record')} no longer declared`,
};

/** The domain as people know it: its Unicode form, with the DNS form beside it when they differ. */
export const domainName = (d: Pick<DomainPlan, 'domain' | 'display'>): string =>
  esc(d.display && d.display !== d.domain ? `${d.display} (${d.domain})` : d.domain);

const shownTarget = (t: string): string => (t.startsWith('cdn:') ? 'the CDN’s CNAME' : esc(t));

const at = (pos: SourcePos | undefined, where: Where): string => (pos ? ` (${esc(where(pos))})` : '');

/** One caution entry per conflict: the domain, where in the file, what is in the way, and the fix. */
export function conflictEntries(plan: Plan, where: Where): CautionEntry[] {
  return plan.domains.flatMap((d) =>
    d.conflicts.map((c: Conflict) => {
      const subject = `**${domainName(d)}**${at(c.pos ?? d.spec?.pos, where)}`;
      return {
        full: `${subject} — ${esc(c.code)}: ${esc(c.message)} → **fix:** ${esc(c.hint)}`,
        name: subject,
        group: `conflict\u0000${c.code}\u0000${c.hint}`,
        groupLine: `**${esc(c.code)}** → fix: ${esc(c.hint)}`,
      };
    }),
  );
}

const conflictLead = (n: number): string =>
  `**${domains('in conflict')(n)}: apply leaves ${n === 1 ? 'it' : 'them'} untouched.** Each conflict, with its fix:`;

/** The changes table: one row per domain that has something to do or is in conflict. */
function changesBlock(plan: Plan): Block {
  const items: Item[] = plan.domains
    .filter((d) => d.action !== 'noop')
    .map((d) => {
      const change =
        d.action === 'conflict'
          ? '**conflict** (see above)'
          : `${d.action}${d.target && d.action !== 'delete' ? ` → ${shownTarget(d.target)}` : ''}`;
      const steps = d.steps.map((s) => `${stepMark(s)} ${esc(describeStep(s))}`);
      const detail = steps.length > 0 ? foldInline(count(steps.length, 'step'), steps) : '';
      return { text: tableRow([`**${domainName(d)}**`, change, detail]), rank: Rank[d.action], kind: d.action };
    });
  return { head: `${tableHead(['domain', 'change', 'steps'])}\n`, items, sep: '\n' };
}

/** Unchanged domains: names only, folded. */
function unchangedBlock(plan: Plan): Block {
  const same = plan.domains.filter((d) => d.action === 'noop');
  const items = same.map((d) => ({ text: domainName(d), rank: Rank.unchanged, kind: 'unchanged' }));
  const [open, close] = foldBlock(`${count(same.length, 'domain')} unchanged`, '\u0000').split('\u0000');
  return { head: open!, items, sep: ', ', tail: close };
}

export function warningsBlock(plan: Plan): Block {
  const items = plan.warnings.map((w) => ({
    text: `- **${esc(w.domain)}**: ${esc(w.message)}`,
    rank: Rank.warning,
    kind: 'warning',
  }));
  return { head: '**Warnings**\n\n', items, sep: '\n' };
}

/** The blocks every plan-shaped report has: changes, unchanged, warnings. */
export const planBlocks = (plan: Plan): Block[] => [changesBlock(plan), unchangedBlock(plan), warningsBlock(plan)];

/** The caution alert of a plan: every conflict, with its fix; none when nothing is in conflict. */
export function planCaution(plan: Plan, where: Where): Doc['caution'] {
  const entries = conflictEntries(plan, where);
  if (entries.length === 0) return undefined;
  return { lead: conflictLead(plan.domains.filter((d) => d.conflicts.length > 0).length), entries };
}

/** Domains with something to do: the unit of the headline and of the `changes` output. */
export function domainsToChange(p: Plan): number {
  const s = summarizePlan(p);
  return s.create + s.update + s.delete;
}

/** `plan`: what apply would change. */
export function planDoc(plan: Plan, where: Where): Doc {
  const s = summarizePlan(plan);
  const headline =
    s.create + s.update + s.delete + s.conflict === 0
      ? `**No changes**: ${count(s.unchanged, 'domain')} in sync with the file.`
      : `**Plan** for ${count(plan.domains.length, 'domain')}: ${s.create} to create, ${s.update} to update, ` +
        `${s.delete} to delete, ${s.conflict} in conflict, ${s.unchanged} unchanged.`;
  return {
    title: '### oss-domains plan',
    headline,
    caution: planCaution(plan, where),
    blocks: planBlocks(plan),
    kinds: KINDS,
  };
}

/** `drift`: the plan read as differences, plus what this owner still has in the cloud but no longer declares. */
export function driftDoc(report: DriftReport, where: Where): Doc {
  const { plan } = report;
  const s = summarizePlan(plan);
  const differing = plan.domains.length - s.unchanged;
  const orphans = report.orphans.length > 0 ? `; ${KINDS.orphan!(report.orphans.length)}` : '';
  const headline = report.drift
    ? `**The cloud differs from the file** for ${differing} of ${count(plan.domains.length, 'domain')}: ` +
      `${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.conflict} in conflict${orphans}. ` +
      'Run `apply` (or merge a change to the file) to converge.'
    : `**In sync**: the cloud matches the file (${count(plan.domains.length, 'domain')}).`;
  const orphanBlock: Block = {
    head: '**Owned by oss-domains, no longer in the file**\n\n',
    items: report.orphans.map((o) => ({ text: `- ${esc(o)}`, rank: Rank.delete, kind: 'orphan' })),
    sep: '\n',
  };
  const [changes, unchanged, warnings] = planBlocks(plan);
  return {
    title: '### oss-domains drift',
    headline,
    caution: planCaution(plan, where),
    blocks: [changes!, orphanBlock, unchanged!, warnings!],
    kinds: KINDS,
  };
}
