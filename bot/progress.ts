/**
 * Shows the core's progress events in the message being applied, within the limits of a response URL: Slack accepts
 * at most five posts to one response URL (in 30 minutes), and the final result must always get through. So the
 * reporter sends at most `maxUpdates` intermediate updates, at least `minIntervalMs` apart, one at a time and in
 * order, and `close()` waits for any update in flight so the final message cannot be overtaken by a late one.
 */
import type { ProgressEvent } from '../src/core/index.js';

export interface ProgressOptions {
  /** Posts the current lines (replacing the message); failures are the caller's to log. */
  send(lines: string[]): Promise<void>;
  now(): number;
  /** Intermediate updates allowed (default 2: one "applying" message and the final one also use the URL). */
  maxUpdates?: number;
  minIntervalMs?: number;
}

export interface ProgressReporter {
  push(event: ProgressEvent): void;
  /** Stops updates and waits for the one in flight. */
  close(): Promise<void>;
  /** Every line seen, for logs. */
  readonly lines: readonly string[];
}

const ICON: Record<string, string> = {
  'step-start': '…',
  'step-done': '✓',
  'step-failed': '✗',
  wait: '⏳',
  retry: '↻',
  info: '•',
};

export function createProgressReporter(opts: ProgressOptions): ProgressReporter {
  const max = opts.maxUpdates ?? 2;
  const interval = opts.minIntervalMs ?? 3000;
  const lines: string[] = [];
  let sent = 0;
  let last = opts.now();
  let closed = false;
  let chain: Promise<void> = Promise.resolve();
  return {
    lines,
    push(event) {
      const line = `${ICON[event.kind] ?? '•'} ${event.domain ? `${event.domain}: ` : ''}${event.message}`;
      // A wait emits the same message again and again with a new elapsed time: keep only the latest.
      if (event.kind === 'wait' && lines.length && lines[lines.length - 1]!.startsWith(line.split('(')[0]!))
        lines[lines.length - 1] = line;
      else lines.push(line);
      if (closed || sent >= max || opts.now() - last < interval) return;
      sent++;
      last = opts.now();
      const snapshot = [...lines];
      chain = chain.then(() => opts.send(snapshot)).catch(() => undefined);
    },
    async close() {
      closed = true;
      await chain;
    },
  };
}
