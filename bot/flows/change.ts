/**
 * bind and unbind: plan → show with buttons → (click) re-plan → apply or open a pull request → report and audit.
 *
 * Nothing is remembered between the command and the click: the button carries the resolved request and the
 * fingerprint of the plan that was shown. On click the plan is computed again; only if it is the same plan is it
 * applied — otherwise the new plan is shown with fresh buttons, because a person confirmed the old one.
 */
import {
  type ApplyRun,
  applyDesired,
  type DesiredState,
  desiredFromBind,
  desiredFromUnbind,
  errorMessage,
  formatIssue,
  type Plan,
  parseConfig,
  planFingerprint,
  planHasChanges,
  planHasConflicts,
  plan as planOf,
  renderPlan,
} from '../../src/core/index.js';
import { type AuditFacts, recordAudit } from '../audit.js';
import {
  BUTTON_TTL_MS,
  type ButtonRequest,
  type ChangeArgs,
  commandText,
  encodeButton,
  requestKey,
} from '../buttons.js';
import type { Command } from '../commands/parse.js';
import { ACTOR_PREFIX } from '../constants.js';
import type { BotContext } from '../context.js';
import type { Post, Send } from '../deliver.js';
import { slackMessage } from '../errors.js';

import { openPullRequest } from '../gitops/open-pr.js';
import { createProgressReporter } from '../progress.js';
import { alreadyDoneReply, errorReply, type SlackMessage } from '../render/message.js';
import { code, type Mrkdwn, md } from '../render/mrkdwn.js';
import { confirmable, planMessage } from '../render/plan.js';
import { applyMessage, progressMessage, pullRequestMessage } from '../render/result.js';

type ChangeCommand = Extract<Command, { kind: 'bind' | 'unbind' }>;

const PLAN_CHANGED = md`The plan changed since it was shown, so nothing was applied. This is the plan now; confirm again if it is still what you want.`;

/** A click whose change is already in place (it ran, by this button or otherwise): nothing to do, and said so. */
const inPlace = (args: ChangeArgs): SlackMessage =>
  alreadyDoneReply(md`${code(commandText(args))} is in place; there is nothing left to do.`);

/** The plan of a click whose change is in place: nothing to do and nothing in the way. */
const nothingLeft = (plan: Plan): boolean => !planHasChanges(plan) && !planHasConflicts(plan);

/**
 * The desired state of a typed bind/unbind, with the request as it travels from now on: the region of a bind is
 * resolved here (GetBucketLocation) and carried in the button.
 */
async function desiredCommand(
  ctx: BotContext,
  cmd: ChangeCommand,
): Promise<{ args: ChangeArgs; desired: DesiredState }> {
  const rt = ctx.runtime();
  const owner = ctx.settings.owner;
  if (cmd.kind === 'unbind') {
    return { args: { cmd: 'unbind', domain: cmd.domain }, desired: desiredFromUnbind(cmd.domain, owner) };
  }
  const desired = await desiredFromBind(rt, {
    domain: cmd.domain,
    bucket: cmd.bucket,
    owner,
    cdn: cmd.cdn,
    ...(cmd.region ? { region: cmd.region } : {}),
    ...(cmd.certId ? { certId: cmd.certId } : {}),
  });
  const spec = desired.domains[0];
  const args: ChangeArgs = {
    cmd: 'bind',
    domain: spec?.domain ?? cmd.domain,
    bucket: cmd.bucket,
    region: spec?.region ?? cmd.region ?? '',
    cdn: cmd.cdn,
    ...(cmd.certId ? { certId: cmd.certId } : {}),
  };
  return { args, desired };
}

/** Plans a typed bind/unbind. */
export async function planCommand(ctx: BotContext, cmd: ChangeCommand): Promise<{ args: ChangeArgs; plan: Plan }> {
  const { args, desired } = await desiredCommand(ctx, cmd);
  return { args, plan: await planOf(ctx.runtime(), desired) };
}

/** The typed command a button's request stands for. */
const commandOf = (args: ChangeArgs): ChangeCommand =>
  args.cmd === 'unbind'
    ? { kind: 'unbind', domain: args.domain }
    : {
        kind: 'bind',
        domain: args.domain,
        bucket: args.bucket,
        region: args.region,
        cdn: args.cdn,
        ...(args.certId ? { certId: args.certId } : {}),
      };

/** Re-plans the request a button carries. */
function replan(ctx: BotContext, args: ChangeArgs): Promise<{ args: ChangeArgs; plan: Plan }> {
  return planCommand(ctx, commandOf(args));
}

/** The plan message with freshly signed buttons. */
export function planReply(
  ctx: BotContext,
  args: ChangeArgs,
  plan: Plan,
  requester: string,
  note?: Mrkdwn,
): SlackMessage {
  const expires = ctx.now() + BUTTON_TTL_MS;
  const req: ButtonRequest = { args, requester, fingerprint: planFingerprint(plan), expires };
  const g = ctx.settings.gitops;
  return planMessage({
    plan,
    args,
    requester,
    expires,
    buttonValue: encodeButton(req, ctx.settings.signingSecret),
    ...(g ? { gitops: { repo: `${g.owner}/${g.repo}`, path: g.path } } : {}),
    ...(note ? { note, replace: true } : {}),
  });
}

export interface ClickIo {
  respond: Send;
  post: Post;
}

/** The plan again; when it is not the one the button showed, the new one is shown instead and `undefined` returned. */
async function samePlan(
  ctx: BotContext,
  io: ClickIo,
  req: ButtonRequest,
): Promise<{ args: ChangeArgs; plan: Plan } | undefined> {
  const { args, plan } = await replan(ctx, req.args);
  if (planFingerprint(plan) === req.fingerprint && confirmable(plan)) return { args, plan };
  await io.respond(nothingLeft(plan) ? inPlace(args) : planReply(ctx, args, plan, req.requester, PLAN_CHANGED));
  return undefined;
}

const auditFacts =
  (args: ChangeArgs, req: ButtonRequest, clicker: string) =>
  (ok: boolean, outcome: string, requestIds: string[] = []): AuditFacts => ({
    command: args.cmd,
    text: commandText(args),
    requester: req.requester,
    confirmer: clicker,
    domains: [args.domain],
    ok,
    requestIds,
    outcome,
  });

/**
 * A permitted click on confirm: re-plan, then apply (or open a pull request), report and audit. With a state bucket
 * the re-plan happens inside the apply lock, so a second click (or another front-end) that waited for the lock sees
 * the world after the first apply, and shows "nothing to do" instead of applying a stale plan. `signal` (the bot
 * shutting down) stops the apply at a step boundary; the partial result is then reported and audited like any other.
 */
export async function confirmChange(
  ctx: BotContext,
  io: ClickIo,
  req: ButtonRequest,
  clicker: string,
  channel: string,
  signal?: AbortSignal,
): Promise<void> {
  const gh = ctx.github;
  const g = ctx.settings.gitops;
  if (gh && g) {
    const same = await samePlan(ctx, io, req);
    if (!same) return;
    const { args, plan } = same;
    const pr = await openPullRequest({
      gh,
      settings: g,
      args,
      requester: req.requester,
      confirmer: clicker,
      key: requestKey(req),
      validate: (text, path) => {
        const r = parseConfig(text, path);
        return r.ok ? [] : r.issues.map(formatIssue);
      },
      planText: renderPlan(plan),
    });
    await io.respond(pullRequestMessage(args, clicker, pr.url, g.path, pr.existing));
    // A second click of the same button changed nothing: the first one's audit entry stands alone.
    if (!pr.existing)
      await recordAudit(ctx, io.post, auditFacts(args, req, clicker)(true, `pull request ${pr.url}`), channel);
    return;
  }
  const reporter = createProgressReporter({
    ...ctx.progressPace,
    now: ctx.now,
    send: (lines) => io.respond(progressMessage(req.args, clicker, lines)).then(() => undefined),
  });
  const facts = auditFacts(req.args, req, clicker);
  let outcome: { args: ChangeArgs; run: ApplyRun };
  try {
    // The core plans again under the apply lock (with a state bucket) and applies only the plan the button showed.
    const { args, desired } = await desiredCommand(ctx, commandOf(req.args));
    const run = await ctx.withProgress(reporter.push, () =>
      applyDesired(
        ctx.runtime(),
        { ...desired, ...(ctx.settings.state ? { state: ctx.settings.state } : {}) },
        {
          actor: `${ACTOR_PREFIX}${clicker}`,
          command: args.cmd,
          confirmed: req.fingerprint,
          audit: false, // recordAudit below writes the richer entry (requester, confirmer, command text)
          ...(signal ? { signal } : {}),
          onPlan: async () => {
            await io.respond(progressMessage(args, clicker, []));
          },
        },
      ),
    );
    outcome = { args, run };
  } catch (e) {
    await reporter.close();
    await io.respond(
      errorReply(md`${code(commandText(req.args))} failed: ${slackMessage(e)}`, undefined, {
        response_type: 'in_channel',
        replace_original: true,
      }),
    );
    await recordAudit(ctx, io.post, facts(false, errorMessage(e)), channel);
    return;
  }
  await reporter.close();
  const { args, run } = outcome;
  if (run.stale || !run.result) {
    await io.respond(
      nothingLeft(run.plan) ? inPlace(args) : planReply(ctx, args, run.plan, req.requester, PLAN_CHANGED),
    );
    return;
  }
  const result = run.result;
  await io.respond(applyMessage(result, args, clicker));
  const ids = result.results.flatMap((r) => r.requestIds);
  const failed = result.results.filter((r) => !r.ok).map((r) => r.error ?? r.step.kind);
  const outcomeFacts = auditFacts(args, req, clicker)(
    result.ok,
    result.ok ? 'done' : result.stopped ? `stopped: ${result.stopped}` : `failed: ${failed.join('; ')}`,
    ids,
  );
  await recordAudit(ctx, io.post, result.stopped ? { ...outcomeFacts, stopped: true } : outcomeFacts, channel);
}
