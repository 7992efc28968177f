/**
 * The suite's own checkers must be able to fail: each kind of damage they exist to catch, done by hand to a
 * converged world, is reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, plan } from '../../src/core/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { desired, duplicates, FAST, foreignSnapshot, leftovers, PRUNE_SEED, runtimeFor, SEED } from './support.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: SEED, dnsPort: 0 });
});
afterAll(async () => {
  await sb.stop();
});

async function converged(): Promise<object> {
  sb.control.reset(SEED);
  const before = foreignSnapshot(sb);
  const rt = runtimeFor(sb, FAST);
  expect((await apply(rt, await plan(rt, desired()))).ok).toBe(true);
  expect(duplicates(sb)).toEqual([]);
  expect(foreignSnapshot(sb)).toEqual(before);
  return before;
}

const zone = () => sb.world.zones.get('abc.com')!;
const recordAt = (rr: string, type: string) =>
  [...zone().records.values()].find((r) => r.rr === rr && r.type === type)!;

describe('the reliability checkers', () => {
  it('see a foreign record changed, another owner’s record adopted, and a foreign binding removed', async () => {
    let before = await converged();
    recordAt('legacy', 'CNAME').value = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
    expect(foreignSnapshot(sb)).not.toEqual(before);

    before = await converged();
    recordAt('blog', 'CNAME').remark = 'oss-domains:web';
    expect(foreignSnapshot(sb), 'adopting another owner’s record').not.toEqual(before);

    before = await converged();
    sb.world.buckets.get('abc-img')!.cnames.delete('assets.abc.com');
    expect(foreignSnapshot(sb)).not.toEqual(before);
  });

  it('see a second CNAME, a second _dnsauth TXT, and a domain bound to two buckets', async () => {
    await converged();
    const cname = recordAt('img', 'CNAME');
    zone().records.set('999001', { ...cname, recordId: '999001', value: 'other.example.net' });
    expect(duplicates(sb).join('\n')).toMatch(/img CNAME \*/);

    await converged();
    const txt = recordAt('_dnsauth.img', 'TXT');
    zone().records.set('999002', { ...txt, recordId: '999002', value: 'another-token' });
    expect(duplicates(sb).join('\n')).toMatch(/_dnsauth\.img TXT \*/);

    await converged();
    const img = sb.world.buckets.get('abc-img')!.cnames.get('img.abc.com')!;
    sb.world.buckets.get('abc-shop')!.cnames.set('img.abc.com', { ...img });
    expect(duplicates(sb).join('\n')).toMatch(/img\.abc\.com is bound to/);
  });

  it('see what prune left behind', () => {
    sb.control.reset(PRUNE_SEED);
    expect(leftovers(sb)).toEqual(
      expect.arrayContaining([
        'old.abc.com still bound to abc-img',
        'oldcdn.abc.com still on CDN',
        expect.stringMatching(/^old\.abc\.com: record old CNAME/),
      ]),
    );
  });
});
