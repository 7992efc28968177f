/**
 * The holder's side of the apply lock (see lock.ts): keeping the lease, learning that it is lost, and letting go.
 *
 * A lease is provably this run's until its deadline: the time the last counted renewal was *sent*, plus the ttl,
 * measured as elapsed time on the runtime clock (an offset between machines does not matter, only the rate does).
 * A waiter calls the lock expired only when OSS's own clock says that more than ttl + grace passed since the last
 * write it can see, and every counted write happened after it was sent, so no waiter can take the lock over before
 * the holder's deadline. A renewal counts only when its reply arrives before the current deadline and the head object
 * still names this holder afterwards (ids are never reused, so "still ours after the write" means "ours throughout").
 *
 * When a renewal shows that the head is gone or names someone else, or the deadline passes without a counted
 * renewal, the lease aborts its `signal` with the reason; apply stops at its next step boundary. Renewals run every
 * ttl/3: from a timer (for long steps such as a CDN domain coming online) and at step boundaries (`checkpoint`), so
 * that a run learns of a loss before it starts its next step.
 */
import { errorMessage } from '../errors.js';
import type { Runtime } from '../ports.js';
import { seconds } from './apply-context.js';

export interface LeaseState {
  bucket: string;
  region: string;
}

/** What `withApplyLock` hands to the work it runs. */
export interface LeaseHandle {
  /** Aborted, with an Error saying why, when this run no longer holds the lock. */
  readonly signal: AbortSignal;
  /** Renews the lease when a renewal is due; awaited before every step of an apply. */
  checkpoint(): Promise<void>;
}

export interface LeaseKeys {
  head: string;
  renewal: string;
}

export class Lease implements LeaseHandle {
  private readonly controller = new AbortController();
  private deadline: number;
  private nextRenewal: number;
  private inFlight: Promise<void> | undefined;
  private lastError: string | undefined;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly rt: Runtime,
    private readonly s: LeaseState,
    private readonly keys: LeaseKeys,
    private readonly me: { id: string; holder: string },
    private readonly ttl: number,
    /** When the create that made the lock was sent (runtime clock). */
    sentAt: number,
  ) {
    this.deadline = sentAt + ttl;
    this.nextRenewal = sentAt + ttl / 3;
    // The timer only asks; whether a renewal is due is decided on the runtime clock, like everything else here.
    this.timer = setInterval(() => void this.checkpoint(), Math.max(250, ttl / 6));
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  checkpoint = async (): Promise<void> => {
    if (this.signal.aborted) return;
    if (this.rt.clock.now() >= this.nextRenewal) await this.renew();
    // No step starts once the lease can no longer be proven ours, even while a failed renewal waits for its retry.
    if (this.rt.clock.now() >= this.deadline) this.lose(this.overdue());
  };

  private renew(): Promise<void> {
    this.inFlight ??= this.renewOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async renewOnce(): Promise<void> {
    const { rt, s, keys } = this;
    const sent = rt.clock.now();
    if (sent >= this.deadline) return this.lose(this.overdue());
    try {
      // The renewal object is keyed by this holder's id: nobody else ever writes it, so this write cannot clobber
      // another run's lock, and a waiter only looks at the renewals of the id the head names.
      await rt.oss.putObject(s.bucket, s.region, keys.renewal, JSON.stringify(this.me));
      if (rt.clock.now() >= this.deadline) return this.lose(this.overdue());
      const head = await rt.oss.readObject(s.bucket, s.region, keys.head);
      if (!head) return this.lose(`oss://${s.bucket}/${keys.head} was deleted while this run held it`);
      const now = parseHolder(head.body);
      if (now.id !== this.me.id) return this.lose(`it is now held by ${now.holder ?? 'an unknown holder'}`);
      this.deadline = sent + this.ttl;
      this.nextRenewal = sent + this.ttl / 3;
      this.lastError = undefined;
    } catch (e) {
      this.lastError = errorMessage(e).split('\n')[0]; // the cause, without the hint: it goes inside a sentence
      const now = rt.clock.now();
      if (now >= this.deadline) return this.lose(this.overdue());
      this.nextRenewal = now + Math.min(this.ttl / 10, rt.tuning.pollMs);
      rt.progress({
        kind: 'retry',
        message: `could not renew the apply lock (${this.lastError}); retrying — it is lost in ${seconds(this.deadline - now)} unless a renewal succeeds`,
      });
    }
  }

  private overdue(): string {
    const why = this.lastError ? `: ${this.lastError}` : '';
    return `it could not be renewed within ${seconds(this.ttl)}${why}`;
  }

  private lose(why: string): void {
    clearInterval(this.timer);
    if (this.signal.aborted) return;
    const reason = `lost the apply lock (${why})`;
    this.rt.progress({ kind: 'info', message: `${reason}; stopping at the next step boundary` });
    this.controller.abort(new Error(reason));
  }

  /**
   * Lets go: deletes the head only while the lease is provably still ours (the head names us, and a third of the ttl
   * is left before the deadline, so that even a slow delete lands before anyone may call the lock expired), then this
   * holder's renewal object, which nobody else writes.
   */
  async release(): Promise<void> {
    clearInterval(this.timer);
    const { rt, s, keys } = this;
    await this.inFlight;
    const margin = this.ttl / 3;
    if (!this.signal.aborted && rt.clock.now() >= this.deadline - margin) await this.renew();
    if (!this.signal.aborted && rt.clock.now() < this.deadline - margin) {
      const head = await rt.oss.readObject(s.bucket, s.region, keys.head);
      if (head && parseHolder(head.body).id === this.me.id) await rt.oss.deleteObject(s.bucket, s.region, keys.head);
    }
    await rt.oss.deleteObject(s.bucket, s.region, keys.renewal);
  }
}

export function parseHolder(text: string): { holder?: string; id?: string; ttlMs?: number } {
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object') return {};
    const o = v as Record<string, unknown>;
    return {
      holder: typeof o.holder === 'string' ? o.holder : undefined,
      id: typeof o.id === 'string' ? o.id : undefined,
      ttlMs: typeof o.ttlMs === 'number' ? o.ttlMs : undefined,
    };
  } catch {
    return {}; // unreadable: judged by its age alone
  }
}

/** The reason an aborted signal carries, as text. */
export function stopReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r.message;
  return typeof r === 'string' && r ? r : 'stopped';
}

/** One signal that aborts when any of `signals` does, with that one's reason. */
export function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  if (live.length <= 1) return live[0];
  const c = new AbortController();
  for (const s of live) {
    if (s.aborted) {
      c.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => c.abort(s.reason), { once: true });
  }
  return c.signal;
}
