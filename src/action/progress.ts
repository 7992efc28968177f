/**
 * Apply progress in the Actions log, one collapsible group per domain. Domains are applied concurrently, and log
 * groups cannot interleave, so each domain's lines are held until its last step reports and then written as one
 * group; waits and retries are also echoed at once, so a long CDN rollout never looks like a hang.
 */
import * as core from '@actions/core';
import type { Plan, ProgressEvent } from '../core/index.js';

const ICONS: Record<string, string> = {
  'step-start': '→',
  'step-done': '✓',
  'step-failed': '✗',
  wait: '…',
  retry: '↻',
  info: '·',
};

interface Pending {
  lines: string[];
  failed: boolean;
}

export class GroupedProgress {
  private readonly pending = new Map<string, Pending>();
  private readonly remaining = new Map<string, number>();

  /** Tells how many steps each domain will report, so its group is written as soon as it is finished. */
  expect(plan: Plan): void {
    for (const d of plan.domains) if (d.steps.length > 0) this.remaining.set(d.domain, d.steps.length);
  }

  /** The progress sink handed to the core. */
  readonly event = (e: ProgressEvent): void => {
    if (!e.domain) {
      core.info(e.message);
      return;
    }
    const p = this.pending.get(e.domain) ?? { lines: [], failed: false };
    this.pending.set(e.domain, p);
    p.lines.push(`${ICONS[e.kind] ?? '·'} ${e.message}`);
    if (e.kind === 'wait' || e.kind === 'retry') core.info(`${e.domain}: ${e.message}`);
    if (e.kind === 'step-failed') p.failed = true;
    if (e.kind === 'step-done' || e.kind === 'step-failed') {
      const left = (this.remaining.get(e.domain) ?? 0) - 1;
      this.remaining.set(e.domain, left);
      if (left === 0) this.flush(e.domain);
    }
  };

  private flush(domain: string): void {
    const p = this.pending.get(domain);
    if (!p) return;
    this.pending.delete(domain);
    core.startGroup(`${p.failed ? '✗' : '✓'} ${domain}`);
    for (const line of p.lines) core.info(line);
    core.endGroup();
  }

  /** Writes what is still held (a domain that stopped early, events after the last step). */
  flushAll(): void {
    for (const domain of [...this.pending.keys()]) this.flush(domain);
  }
}
