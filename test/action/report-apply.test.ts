/** The apply report: what was done, and, when something failed, that first (issue 13, finding 2). */
import { describe, expect, it } from 'vitest';
import { applyDoc, domainsChanged, summaryMarkdown, type Where } from '../../src/action/report/index.js';
import { type ApplyResult, type Plan, planStepCount } from '../../src/core/index.js';
import { escapeMarkdown } from '../../src/github/markdown.js';
import { alertHtml, alerts, renderGfm, tables, visibleText } from '../support/gfm.js';
import { applied, conflicting, creating, planOf } from './plans.js';

const where: Where = (pos) => `domains.yml:${pos.line}:${pos.column}`;

const plan: Plan = {
  owner: 'web',
  warnings: [],
  domains: [
    {
      domain: 'img.abc.com',
      display: 'img.abc.com',
      action: 'create',
      conflicts: [],
      steps: [
        { kind: 'bind', domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', takeover: false },
        {
          kind: 'create-record',
          domain: 'img.abc.com',
          zone: 'abc.com',
          rr: 'img',
          type: 'CNAME',
          value: 'abc-img.oss-cn-hangzhou.aliyuncs.com',
          ttl: 600,
        },
      ],
    },
    { domain: 'cdn.abc.com', display: 'cdn.abc.com', action: 'noop', conflicts: [], steps: [] },
  ],
};

describe('reports', () => {
  it('counts the changes (steps) of a plan', () => {
    expect(planStepCount(plan)).toBe(2);
  });

  it('apply: one row per domain, its changes with their request ids, and the verification', () => {
    const result: ApplyResult = {
      plan,
      ok: true,
      results: plan.domains[0]!.steps.map((step, i) => ({ step, ok: true, requestIds: [`REQ-${i}`] })),
      verifications: [
        {
          domain: 'img.abc.com',
          expected: 'abc-img.oss-cn-hangzhou.aliyuncs.com',
          answers: ['abc-img.oss-cn-hangzhou.aliyuncs.com', '127.0.0.1'],
          ok: true,
        },
      ],
    };
    const md = summaryMarkdown(applyDoc(plan, result, where));
    expect(md).toContain('**Applied**: 1 domain changed; 0 in conflict, 1 unchanged.');
    expect(md).toContain('REQ-0');
    expect(md).toContain('REQ-1');
    expect(md).toContain('CNAME img.abc.com → abc-img.oss-cn-hangzhou.aliyuncs.com');
    expect(md).toContain('abc-img.oss-cn-hangzhou.aliyuncs.com → 127.0.0.1');
    expect(alerts(renderGfm(md))).toEqual([]);
  });

  it('escapes table cells', () => {
    expect(escapeMarkdown('a|b\nc')).toBe('a\\|b<br>c');
  });
});

describe('a failed apply', () => {
  const error =
    'OSS PutCname: NoSuchCnameInRecord: the domain has no ICP filing (HTTP 400, request id 5F0A)\n' +
    '  → file the domain for ICP first, or bind it to a bucket outside mainland China';

  it('opens with what failed, not with how many changes were made; the fix is in the alert; changes count domains', () => {
    const p = planOf([creating(0), creating(1), creating(2), conflicting('www.abc.com', 3)]);
    const result = applied(p, { domain: 'new0002.abc.com', error });
    const md = summaryMarkdown(applyDoc(p, result, where));
    expect(md).toMatch(
      /^### oss-domains apply\n\n\*\*Apply failed for 1 of 3 domains\*\*: 2 changed, 1 failed, 1 in conflict, 0 unchanged\./,
    );
    const html = renderGfm(md);
    expect(alerts(html)[0]).toBe('CAUTION');
    const caution = visibleText(alertHtml(html, 'CAUTION')!);
    expect(caution).toContain('1 domain failed; 1 domain in conflict, left untouched.');
    expect(caution).toContain(
      'new0002.abc.com — bind to bucket abc-img (cn-hangzhou), proving ownership with TXT _dnsauth.new0002.abc.com failed: ' +
        'OSS PutCname: NoSuchCnameInRecord: the domain has no ICP filing (HTTP 400, request id 5F0A) → fix: file the domain',
    );
    expect(caution).toContain('www.abc.com (domains.yml:13:5) — foreign-record');
    for (const t of tables(html)) for (const row of t.rows) expect(row).toHaveLength(t.head.length);
    expect(domainsChanged(result)).toBe(2);
    expect(md).not.toMatch(/changes made/);
  });

  it('300 domains, the failure last: it is on the first screen of the summary', () => {
    const p = planOf(Array.from({ length: 300 }, (_, i) => creating(i)));
    const md = summaryMarkdown(applyDoc(p, applied(p, { domain: 'new0299.abc.com', error }), where));
    expect(md.length).toBeGreaterThan(65_536);
    expect(visibleText(renderGfm(md.slice(0, 4_000)))).toContain('new0299.abc.com — bind to bucket abc-img');
  });

  it('nothing to do: says so, with the conflicts that stopped nothing else', () => {
    const p = planOf([conflicting('www.abc.com', 0)]);
    const md = summaryMarkdown(applyDoc(p, undefined, where));
    expect(md).toContain(
      '**Nothing to do**: the cloud already matches the file (1 domain); 1 domain in conflict, left untouched.',
    );
    expect(alerts(renderGfm(md))).toEqual(['CAUTION']);
    expect(md).toContain('foreign-record');
  });
});
