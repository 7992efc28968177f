/**
 * The plan comment, the job summary and the drift issue at any size (issue 13, finding 2), rendered by a GFM
 * renderer (test/support/gfm.ts) to check what people see: the headline, every conflict in a `> [!CAUTION]` alert
 * on the first screen, tables that hold, and a cut that drops creates and unchanged domains first and says so.
 */
import { describe, expect, it } from 'vitest';
import { GITHUB_BODY_LIMIT, PLAN_COMMENT_MARKER, SUMMARY_LIMIT_BYTES } from '../../src/action/constants.js';
import { commentBody, driftDoc, planDoc, summaryMarkdown, type Where } from '../../src/action/report/index.js';
import { render } from '../../src/action/report/layout.js';
import { commentSurface, summarySurface } from '../../src/action/report/surfaces.js';
import { alertHtml, alerts, renderGfm, tables, visibleText } from '../support/gfm.js';
import { conflicting, conflictLast, creating, deleting, FOREIGN_HINT, planOf, unchanged, updating } from './plans.js';

const RUN = 'https://github.example/acme/site/actions/runs/4242';
const where: Where = (pos) => `domains.yml:${pos.line}:${pos.column}`;
const FIRST_SCREEN = 4_000;

/** Every table of the rendered body has, in every row, as many cells as its header: no value split a row. */
function expectTablesHold(html: string): void {
  for (const t of tables(html)) for (const row of t.rows) expect(row).toHaveLength(t.head.length);
}

/** Rows of the changes table (rendered), by the domain they name. */
const rowDomains = (html: string): string[] =>
  tables(html)
    .filter((t) => t.head[0] === 'domain')
    .flatMap((t) => t.rows.map((r) => visibleText(r[0]!)));

describe('a plan with its only conflict last in the file (issue 13, finding 2)', () => {
  for (const n of [3, 300]) {
    it(`${n} domains: the conflict and its fix open the comment and the summary, in a CAUTION alert`, () => {
      const doc = planDoc(conflictLast(n), where);
      const comment = commentBody(doc, RUN);
      const summary = summaryMarkdown(doc);
      expect(comment.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
      expect(comment.startsWith(`${PLAN_COMMENT_MARKER}\n### oss-domains plan`)).toBe(true);
      for (const body of [comment, summary]) {
        expect(body.slice(0, FIRST_SCREEN)).toContain(`${n - 1} to create, 0 to update, 0 to delete, 1 in conflict`);
        const html = renderGfm(body);
        expect(alerts(html)[0]).toBe('CAUTION');
        const caution = visibleText(alertHtml(html, 'CAUTION')!);
        expect(caution).toContain(`www.abc.com (domains.yml:${4 + 3 * (n - 1)}:5) — foreign-record`);
        expect(caution).toContain(FOREIGN_HINT);
        expect(visibleText(html).slice(0, FIRST_SCREEN)).toContain('www.abc.com (domains.yml:');
        expectTablesHold(html);
      }
      const summaryRows = rowDomains(renderGfm(summary));
      expect(summaryRows).toHaveLength(n);
      expect(summaryRows.at(-1)).toBe('www.abc.com');
    });
  }

  it('300 domains: the comment keeps as many rows as fit, says how many were left out, and where the whole plan is', () => {
    const doc = planDoc(conflictLast(300), where);
    const comment = commentBody(doc, RUN);
    const html = renderGfm(comment);
    const shown = rowDomains(html);
    expect(shown).toContain('www.abc.com');
    const note = visibleText(alertHtml(html, 'NOTE')!);
    const left = Number(
      /Left out to stay within the 65,536 characters of a GitHub comment: (\d+) domains to create\./.exec(note)?.[1],
    );
    expect(left).toBeGreaterThan(0);
    expect(shown.length + left).toBe(300);
    expect(note).toContain('The whole plan is in the job summary and the plan-json output of this run.');
    expect(comment).toContain(`[job summary](${RUN})`);
    // No row is cut in half: every line of the table is whole.
    expect(comment.split('\n').filter((l) => l.startsWith('| **'))).toHaveLength(shown.length);
    expect(
      comment
        .split('\n')
        .filter((l) => l.startsWith('| '))
        .every((l) => l.endsWith(' |')),
    ).toBe(true);
  });
});

describe('what is left out when space runs out', () => {
  it('plain creates and unchanged domains go first; conflicts, deletes and updates stay; the note counts each', () => {
    const plan = planOf([
      ...Array.from({ length: 40 }, (_, i) => deleting(i)),
      ...Array.from({ length: 400 }, (_, i) => creating(i)),
      ...Array.from({ length: 300 }, (_, i) => unchanged(i)),
      ...Array.from({ length: 40 }, (_, i) => updating(i)),
      ...['a.abc.com', 'b.abc.com', 'c.abc.com'].map((d, i) => conflicting(d, 780 + i)),
    ]);
    const comment = commentBody(planDoc(plan, where), RUN);
    expect(comment.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const html = renderGfm(comment);
    const caution = visibleText(alertHtml(html, 'CAUTION')!);
    for (const d of ['a.abc.com', 'b.abc.com', 'c.abc.com']) expect(caution).toContain(`${d} (domains.yml:`);
    const rows = rowDomains(html);
    expect(rows.filter((d) => d.startsWith('gone'))).toHaveLength(40);
    expect(rows.filter((d) => d.startsWith('moved'))).toHaveLength(40);
    const created = rows.filter((d) => d.startsWith('new')).length;
    expect(created).toBeLessThan(400);
    expect(visibleText(html)).not.toContain('same0000.abc.com');
    const note = visibleText(alertHtml(html, 'NOTE')!);
    expect(note).toContain(`: ${400 - created} domains to create, 300 domains unchanged.`);
    // Rows keep the file's order.
    expect(rows.indexOf('gone0039.abc.com')).toBeLessThan(rows.indexOf('new0000.abc.com'));
    expect(rows.indexOf('new0000.abc.com')).toBeLessThan(rows.indexOf('moved0000.abc.com'));
  });

  it('hundreds of conflicts: every one is named in the comment, grouped by fix, within the limit', () => {
    const plan = planOf(Array.from({ length: 600 }, (_, i) => conflicting(`x${i}.abc.com`, i)));
    const comment = commentBody(planDoc(plan, where), RUN);
    expect(comment.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const caution = visibleText(alertHtml(renderGfm(comment), 'CAUTION')!);
    expect(caution).toContain(`foreign-record → fix: ${FOREIGN_HINT} (600):`);
    for (let i = 0; i < 600; i++) expect(caution).toContain(`x${i}.abc.com (domains.yml:${4 + 3 * i}:5)`);
  });
});

describe('the budget is exact: every character counted, the marker and the footer included', () => {
  const doc = planDoc(conflictLast(30), where);
  const full = commentBody(doc, RUN);

  it('at any limit the body fits; at its own size nothing is left out, one character less and the note appears', () => {
    const at = (limit: number) => render(doc, { ...commentSurface(RUN), limit });
    expect(at(full.length)).toBe(full);
    const less = at(full.length - 1);
    expect(less.length).toBeLessThanOrEqual(full.length - 1);
    expect(less).toContain('[!NOTE]');
    for (let limit = 1_800; limit < full.length; limit += 37) {
      const body = at(limit);
      expect(body.length, `limit ${limit}`).toBeLessThanOrEqual(limit);
      expect(body).toContain('abc.com** (domains.yml:91:5) — foreign-record');
    }
  });

  it('a comment of exactly 65,536 characters is posted whole; one more and a row makes way for the note', () => {
    // Creates until the comment would pass the limit, then one warning padded so the body is exactly the limit.
    let n = 1;
    while (commentBody(planDoc(conflictLast(n + 1), where), RUN).length < GITHUB_BODY_LIMIT - 400) n++;
    const base = conflictLast(n);
    const size = (msg: string) =>
      commentBody(planDoc({ ...base, warnings: [{ domain: 'x.abc.com', code: 'w', message: msg }] }, where), RUN)
        .length;
    const pad = 'w'.repeat(GITHUB_BODY_LIMIT - size(''));
    const exact = commentBody(
      planDoc({ ...base, warnings: [{ domain: 'x.abc.com', code: 'w', message: pad }] }, where),
      RUN,
    );
    expect(exact.length).toBe(GITHUB_BODY_LIMIT);
    expect(exact).not.toContain('[!NOTE]');
    const over = commentBody(
      planDoc({ ...base, warnings: [{ domain: 'x.abc.com', code: 'w', message: `${pad}w` }] }, where),
      RUN,
    );
    expect(over.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(over).toContain('[!NOTE]');
    expect(over).toContain('abc.com** (domains.yml:');
  });

  it('the job summary is counted in UTF-8 bytes: names in Chinese never push it past 1 MiB', () => {
    const plan = planOf([
      ...Array.from({ length: 6_000 }, (_, i) => creating(i, `图片服务${i}.例子.中国`)),
      conflicting('www.abc.com', 6_000),
    ]);
    const summary = render(planDoc(plan, where), summarySurface);
    const bytes = Buffer.byteLength(summary, 'utf8');
    expect(bytes).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES - 1);
    expect(bytes).toBeGreaterThan(SUMMARY_LIMIT_BYTES - 2_000);
    // Counted in characters it would have looked far from full.
    expect(summary.length).toBeLessThan(bytes - 50_000);
    expect(visibleText(renderGfm(summary.slice(0, FIRST_SCREEN)))).toContain('www.abc.com (domains.yml:');
    expect(summary).toContain('The whole plan is in the `plan-json` output of this step.');
  });
});

describe('drift report', () => {
  it('opens with how many domains differ, lists the conflicts in the alert and the orphans', () => {
    const plan = planOf([creating(0), updating(1), unchanged(2), conflicting('www.abc.com', 3)]);
    const doc = driftDoc({ plan, drift: true, orphans: ['old.abc.com CNAME x.oss-cn-hangzhou.aliyuncs.com'] }, where);
    const md = summaryMarkdown(doc);
    expect(md).toMatch(
      /^### oss-domains drift\n\n\*\*The cloud differs from the file\*\* for 3 of 4 domains: 1 to create, 1 to update, 0 to delete, 1 in conflict; 1 owned record no longer declared\./,
    );
    const html = renderGfm(md);
    expect(alerts(html)).toEqual(['CAUTION']);
    expect(visibleText(html)).toContain('old.abc.com CNAME x.oss-cn-hangzhou.aliyuncs.com');
    expectTablesHold(html);
  });
});
