/**
 * How oss-domains talks to the GitHub API, in the Action and in the bot's GitOps mode alike: Octokit with its retry
 * and throttling plugins, composed the way peter-evans/create-pull-request and actions/github-script do it. The retry
 * plugin retries what may pass (5xx, network failures) with growing waits; everything on `DO_NOT_RETRY` is an answer
 * that a second try would not change, returned at once. Rate limits (403 or 429 with GitHub's rate-limit headers,
 * "secondary rate limit" messages) are the throttling plugin's: it waits as long as GitHub says, and it spaces write
 * requests as GitHub's REST documentation asks ("Best practices for using the REST API": one write at a time, a
 * second apart). Nobody waits for GitHub more than `MAX_WAIT_S` at once: a job is better failed with GitHub's own
 * message than stalled for an hour.
 */
import type { Octokit } from '@octokit/core';
import { type RetryOptions, retry } from '@octokit/plugin-retry';
import { type ThrottlingOptions, throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

/**
 * Never retried: bad request, bad credentials, forbidden, not found, conflict (a stale sha), gone, invalid (422), and
 * unavailable for legal reasons. 403 and 429 are here for the retry plugin only: when they mean "slow down", the
 * throttling plugin retries them after the wait GitHub asks for.
 */
export const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];

/** Further attempts after the first, for both plugins. */
export const RETRIES = 2;

/** The longest wait for GitHub (seconds) that is worth it; past that, the request fails with GitHub's answer. */
export const MAX_WAIT_S = 60;

/** The plugins, in the order create-pull-request applies them. */
export const plugins = [retry, throttling];

export interface ClientTuning {
  /** Where notes about rate limits go (the Actions log, the bot's logger). */
  log?: (message: string) => void;
  /** The unit of every wait, in ms (default 1000: GitHub's `retry-after` is in seconds). Tests make it small. */
  retryBaseMs?: number;
  /**
   * Space write requests as GitHub asks (default true): the plugin's pacing, a second between writes and three
   * between writes that notify people. Off, writes still go one at a time, without the gaps (tests).
   */
  pace?: boolean;
}

/** The `retry` and `throttle` options of an Octokit built with `plugins`. */
export function clientOptions(t: ClientTuning = {}): { retry: RetryOptions; throttle: ThrottlingOptions } {
  const base = t.retryBaseMs ?? 1000;
  const onLimit =
    (what: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: Octokit, retryCount: number) => {
      const call = `${options.method} ${options.url}`;
      if (retryCount < RETRIES && retryAfter <= MAX_WAIT_S) {
        t.log?.(`GitHub ${what} for ${call}: trying again in ${retryAfter}s.`);
        return true;
      }
      t.log?.(`GitHub ${what} for ${call}: not waiting ${retryAfter}s more; giving up.`);
      return false;
    };
  return {
    retry: { doNotRetry: DO_NOT_RETRY, retries: RETRIES, retryAfterBaseValue: base },
    throttle: {
      ...(t.pace === false ? unpaced() : {}),
      retryAfterBaseValue: base,
      fallbackSecondaryRateRetryAfter: MAX_WAIT_S,
      onRateLimit: onLimit('rate limit reached'),
      onSecondaryRateLimit: onLimit('secondary rate limit reached'),
    },
  };
}

/** Write groups for the throttling plugin that keep writes one at a time, without its gaps between them. */
const unpaced = () => ({
  write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
  notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
});

/**
 * The login of the token's user: whoever GitHub shows as the author of what this token writes. The GraphQL `viewer`
 * answers for every kind of token — a personal token gives its user, a GitHub App installation token (the Actions
 * `GITHUB_TOKEN` is one) gives the app's bot, `github-actions[bot]` — where REST `GET /user` refuses installation
 * tokens ("Resource not accessible by integration"). `GET /user` is asked only when GraphQL is not there.
 */
export async function tokenLogin(octokit: Pick<Octokit, 'graphql' | 'request'>): Promise<string> {
  try {
    const data = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
    if (data.viewer?.login) return data.viewer.login;
  } catch (graphqlError) {
    try {
      return (await octokit.request('GET /user')).data.login;
    } catch {
      throw graphqlError;
    }
  }
  throw new Error('GitHub did not say whom the token belongs to (GraphQL viewer has no login).');
}
