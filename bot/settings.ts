/**
 * The bot's environment, parsed once at start into a typed object. Every problem is
 * reported at once, each naming the variable and what a valid value looks like; secrets are registered for
 * redaction before anything can print them.
 */
import { isCloudError, ownerFromEnv, parseQps, registerSecret, stateFromEnv } from '../src/core/index.js';
import { BotError, ErrorCode } from './errors.js';

export interface GitOpsSettings {
  /** `OSS_DOMAINS_REPO`: the repository holding domains.yml. */
  owner: string;
  repo: string;
  /** `GITHUB_TOKEN`: contents:write and pull-requests:write on that repository. */
  token: string;
  /** `GITHUB_API_URL`: REST base URL (GitHub Enterprise, tests); default https://api.github.com. */
  apiUrl: string;
  /** `OSS_DOMAINS_REPO_PATH`: the file's path in the repository; default `domains.yml`. */
  path: string;
}

export interface BotSettings {
  /** `SLACK_BOT_TOKEN` (xoxb-…). */
  botToken: string;
  /** `SLACK_SIGNING_SECRET`: verifies requests and keys the HMAC that authenticates button payloads. */
  signingSecret: string;
  /** `SLACK_APP_TOKEN` (xapp-…): when set, Socket Mode instead of HTTP. */
  appToken?: string;
  /** `PORT` for HTTP mode (default 3000); 0 picks a free port. */
  port: number;
  /** `SLACK_API_URL`: Web API base URL, ending in `/` (default: Slack's). */
  slackApiUrl?: string;
  /** `OSS_DOMAINS_ADMINS`: Slack user ids who may bind and unbind (and everything operators may). */
  admins: ReadonlySet<string>;
  /** `OSS_DOMAINS_OPERATORS`: Slack user ids who may run status, list, drift and refresh. */
  operators: ReadonlySet<string>;
  /** `OSS_DOMAINS_CHANNELS`: when set, the only channels the bot answers in. */
  channels?: ReadonlySet<string>;
  /** `OSS_DOMAINS_OWNER`: the ownership marker (default `default`). */
  owner: string;
  /** `OSS_DOMAINS_STATE_BUCKET` + `OSS_DOMAINS_STATE_REGION`: the apply lock and the audit log. */
  state?: { bucket: string; region: string };
  /** `OSS_DOMAINS_AUDIT_CHANNEL`: where every change is posted (default: the channel it came from). */
  auditChannel?: string;
  /** GitOps mode: confirmed binds and unbinds become pull requests. */
  gitops?: GitOpsSettings;
  /** `OSS_DOMAINS_CONFIG`: a local domains.yml for `/oss drift` when there is no repository. */
  configFile?: string;
  /**
   * `OSS_DOMAINS_SHUTDOWN_GRACE` (seconds, default 25): on SIGTERM, how long running changes may go on before they
   * are stopped at a step boundary.
   */
  shutdownGraceMs: number;
  /** The whole environment, for the core's `createRuntime` (credentials and endpoints). */
  env: NodeJS.ProcessEnv;
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses the environment; throws one `BotError(settings_invalid)` listing every problem. */
export function parseSettings(env: NodeJS.ProcessEnv): BotSettings {
  const problems: string[] = [];
  const get = (k: string): string | undefined => {
    const v = env[k]?.trim();
    return v ? v : undefined;
  };
  const botToken = get('SLACK_BOT_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const appToken = get('SLACK_APP_TOKEN');
  const githubToken = get('GITHUB_TOKEN');
  for (const s of [botToken, signingSecret, appToken, githubToken]) registerSecret(s);

  if (!botToken) problems.push('SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from the app page.');
  if (!signingSecret)
    problems.push('SLACK_SIGNING_SECRET is not set: copy the Signing Secret from the app page (Basic Information).');
  if (appToken && !appToken.startsWith('xapp-'))
    problems.push('SLACK_APP_TOKEN must be an app-level token (xapp-…) with the connections:write scope.');

  const portText = get('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`PORT "${portText}" is not a port number (0–65535).`);

  const ids = (name: string, re: RegExp, what: string): Set<string> => {
    const values = list(get(name));
    const bad = values.filter((v) => !re.test(v));
    if (bad.length)
      problems.push(`${name} has ${bad.map((b) => `"${b}"`).join(', ')}: use ${what}, comma-separated (not names).`);
    return new Set(values.filter((v) => re.test(v)));
  };
  const admins = ids('OSS_DOMAINS_ADMINS', USER_ID, 'Slack user ids such as U024BE7LH');
  const operators = ids('OSS_DOMAINS_OPERATORS', USER_ID, 'Slack user ids such as U024BE7LH');
  const channelList = get('OSS_DOMAINS_CHANNELS');
  const channels = channelList ? ids('OSS_DOMAINS_CHANNELS', CHANNEL_ID, 'channel ids such as C024BE7LR') : undefined;

  // The same rules (and words) as domains.yml's `owner:` and `state:`, and the CLI's one-domain commands.
  const { owner, problem: badOwner } = ownerFromEnv(env);
  const { state, problems: stateProblems } = stateFromEnv(env);
  for (const p of [badOwner, ...stateProblems]) if (p) problems.push(`${p.message}; ${p.hint}.`);
  // Checked here so that a typo stops the bot at start, not its first command (the runtime parses it again).
  try {
    parseQps(env.OSS_DOMAINS_QPS);
  } catch (e) {
    if (!isCloudError(e)) throw e;
    problems.push(`${e.message}; ${e.hint}.`);
  }

  const auditChannel = get('OSS_DOMAINS_AUDIT_CHANNEL');
  if (auditChannel && !CHANNEL_ID.test(auditChannel))
    problems.push(`OSS_DOMAINS_AUDIT_CHANNEL "${auditChannel}" must be a channel id such as C024BE7LR.`);

  const gitops = gitopsOf(get, githubToken, problems);
  const shutdownGraceMs = graceOf(get, problems);
  const slackApiUrl = slackApiUrlOf(get, problems);

  if (problems.length)
    throw new BotError(ErrorCode.SettingsInvalid, `The bot cannot start:\n- ${problems.join('\n- ')}`, { problems });

  return {
    botToken: botToken!,
    signingSecret: signingSecret!,
    ...(appToken ? { appToken } : {}),
    port,
    ...(slackApiUrl ? { slackApiUrl } : {}),
    admins,
    operators,
    ...(channels ? { channels } : {}),
    owner,
    ...(state ? { state } : {}),
    ...(auditChannel ? { auditChannel } : {}),
    ...(gitops ? { gitops } : {}),
    ...(get('OSS_DOMAINS_CONFIG') ? { configFile: get('OSS_DOMAINS_CONFIG') } : {}),
    shutdownGraceMs,
    env,
  };
}

type Get = (k: string) => string | undefined;

/** GitOps mode's settings when `OSS_DOMAINS_REPO` is set and valid, with a token to use it. */
function gitopsOf(get: Get, githubToken: string | undefined, problems: string[]): GitOpsSettings | undefined {
  const repo = get('OSS_DOMAINS_REPO');
  if (!repo) return undefined;
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repo);
  if (!m) problems.push(`OSS_DOMAINS_REPO "${repo}" must be owner/name, e.g. web-team/infra.`);
  if (!githubToken)
    problems.push(
      'OSS_DOMAINS_REPO is set without GITHUB_TOKEN: give a token that may push branches and open pull requests.',
    );
  if (!m || !githubToken) return undefined;
  return {
    owner: m[1]!,
    repo: m[2]!,
    token: githubToken,
    apiUrl: (get('GITHUB_API_URL') ?? 'https://api.github.com').replace(/\/+$/, ''),
    path: get('OSS_DOMAINS_REPO_PATH') ?? 'domains.yml',
  };
}

function graceOf(get: Get, problems: string[]): number {
  const graceText = get('OSS_DOMAINS_SHUTDOWN_GRACE') ?? '25';
  const shutdownGraceMs = Math.round(Number(graceText) * 1000);
  if (!/^\d+(\.\d+)?$/.test(graceText) || shutdownGraceMs > 3_600_000)
    problems.push(
      `OSS_DOMAINS_SHUTDOWN_GRACE "${graceText}" must be a number of seconds from 0 to 3600 (default 25); keep it ` +
        "below the platform's own limit (Kubernetes: terminationGracePeriodSeconds).",
    );
  return shutdownGraceMs;
}

/** `SLACK_API_URL` with the trailing `/` the Web API client expects. */
function slackApiUrlOf(get: Get, problems: string[]): string | undefined {
  let slackApiUrl = get('SLACK_API_URL');
  if (slackApiUrl && !/^https?:\/\//.test(slackApiUrl))
    problems.push(`SLACK_API_URL "${slackApiUrl}" must be an http(s) URL such as https://slack.com/api/.`);
  if (slackApiUrl && !slackApiUrl.endsWith('/')) slackApiUrl += '/';
  return slackApiUrl;
}
