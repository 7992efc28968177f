import { describe, expect, it } from 'vitest';
import { GITHUB_BODY_LIMIT, PLAN_COMMENT_MARKER } from '../../src/action/constants.js';
import { applyReport, cell, commentBody, truncate } from '../../src/action/render.js';
import { type ApplyResult, type Plan, planStepCount } from '../../src/core/index.js';

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

describe('commentBody', () => {
  it('starts with the hidden marker and links the job summary', () => {
    const body = commentBody('### plan\nok', 'https://github.com/acme/site/actions/runs/1');
    expect(body.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
    expect(body).toContain('(https://github.com/acme/site/actions/runs/1)');
    expect(body).not.toContain('Truncated');
  });

  it('stays under GitHub’s limit for a huge plan, cut at a line, and says so visibly', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `| d${i}.abc.com | + bind to bucket abc-img |`).join('\n');
    const body = commentBody(`### plan\n\n${rows}`, 'https://x/runs/1');
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(body).toContain('**Truncated:**');
    expect(body).toContain('[job summary](https://x/runs/1)');
    expect(body.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
    // no half row: every table line that survived is complete
    const tableLines = body.split('\n').filter((l) => l.startsWith('| d'));
    expect(tableLines.every((l) => l.endsWith('|'))).toBe(true);
    expect(tableLines.length).toBeGreaterThan(1000);
  });
});

describe('truncate', () => {
  it('closes a code fence it cut through', () => {
    const md = `intro\n\`\`\`\n${'line\n'.repeat(100)}\`\`\`\nend`;
    const out = truncate(md, 200, 'NOTE');
    expect(out.match(/^```/gm)).toHaveLength(2);
    expect(out.endsWith('NOTE')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(200);
  });
});

describe('reports', () => {
  it('counts the changes (steps) of a plan', () => {
    expect(planStepCount(plan)).toBe(2);
  });

  it('apply: one row per change with its request ids, and the verification', () => {
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
    const md = applyReport(result, '');
    expect(md).toContain('**2 changes made.**');
    expect(md).toContain('`REQ-0`');
    expect(md).toContain('`REQ-1`');
    expect(md).toContain('CNAME img.abc.com → abc-img.oss-cn-hangzhou.aliyuncs.com');
    expect(md).toContain('abc-img.oss-cn-hangzhou.aliyuncs.com → 127.0.0.1');
  });

  it('escapes table cells', () => {
    expect(cell('a|b\nc')).toBe('a\\|b<br>c');
  });
});
