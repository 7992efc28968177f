/**
 * The plan message: what would change, and the two buttons. The confirming button is `primary` for bind and
 * `danger`, behind Slack's own confirmation dialog, for unbind. A plan with a conflict, or with nothing to do, has
 * no confirm button at all: there is nothing a click could safely do.
 */
import { type Plan, planHasChanges, planHasConflicts, planStepCount, renderPlan } from '../../src/core/index.js';
import { type ChangeArgs, commandText } from '../buttons.js';
import { CANCEL_ACTION, CONFIRM_ACTION } from '../constants.js';
import { button, confirmDialog, MessageBuilder, type SlackMessage } from './kit.js';
import { code, type Mrkdwn, md, mention, shorten, slackDate } from './mrkdwn.js';

export interface PlanView {
  plan: Plan;
  args: ChangeArgs;
  requester: string;
  /** The authenticated request for the buttons (buttons.ts). */
  buttonValue: string;
  /** Expiry of the button, ms since the epoch. */
  expires: number;
  /** GitOps mode: confirming opens a pull request on this repository instead of changing the cloud. */
  gitops?: { repo: string; path: string };
  /** A line above the plan, e.g. why it is shown again. */
  note?: Mrkdwn;
  /** Replace the message that holds the pressed button (a plan shown again after a click). */
  replace?: boolean;
}

/** True when pressing confirm could do something: changes pending and no conflict. */
export const confirmable = (plan: Plan): boolean => planHasChanges(plan) && !planHasConflicts(plan);

function title(v: PlanView): Mrkdwn {
  const a = v.args;
  const what =
    a.cmd === 'bind'
      ? md`bind ${code(a.domain)} to bucket ${code(a.bucket)} (${a.region}${a.cdn ? ', with CDN' : ''}${a.certId ? `, HTTPS ${a.certId}` : ''})`
      : md`unbind ${code(a.domain)}`;
  return md`${mention(v.requester)} asked to ${what}.`;
}

/** The confirming button: `primary` for bind; for unbind `danger`, behind Slack's confirmation dialog. */
function confirmButton(v: PlanView, label: string) {
  const a = v.args;
  if (a.cmd === 'bind') return button({ actionId: CONFIRM_ACTION, label, style: 'primary', value: v.buttonValue });
  // The dialog's title holds at most 100 characters and its text 300: a long domain is shown by its two ends.
  const domain = shorten(a.domain, 80);
  return button({
    actionId: CONFIRM_ACTION,
    label,
    style: 'danger',
    value: v.buttonValue,
    confirm: confirmDialog({
      title: `Unbind ${domain}?`,
      text: v.gitops
        ? md`This opens a pull request removing ${code(domain)} from ${v.gitops.path}.`
        : md`${code(domain)} stops serving from its bucket: the binding, and the DNS record and CDN domain this tool owns, are deleted.`,
      confirm: 'Unbind',
      deny: 'Keep it',
      style: 'danger',
    }),
  });
}

export function planMessage(v: PlanView): SlackMessage {
  const where = { response_type: 'in_channel', ...(v.replace ? { replace_original: true } : {}) } as const;
  const b = new MessageBuilder();
  if (v.note) b.section(md`:arrows_counterclockwise: ${v.note}`);
  b.section(title(v));
  // The core's words for the plan, warnings included: the same text `oss-domains plan` prints.
  const cmd = commandText(v.args);
  const cli = cmd.replace(/^\/oss /, 'oss-domains ');
  b.code(renderPlan(v.plan), { rest: md`the CLI's ${code(cli)} shows the whole plan before it asks` });
  const changes = planStepCount(v.plan);
  if (confirmable(v.plan)) {
    const verb = v.args.cmd === 'bind' ? 'Bind' : 'Unbind';
    const label = v.gitops ? 'Open pull request' : verb;
    b.actions('oss_plan_actions', [
      confirmButton(v, label),
      button({ actionId: CANCEL_ACTION, label: 'Cancel', value: v.buttonValue }),
    ]);
    const pr = v.gitops ? md` Confirming opens a pull request on ${v.gitops.repo} (${v.gitops.path}).` : md``;
    const until = slackDate(v.expires, '{time}', 'in 15 minutes');
    b.context(md`Nothing has changed yet.${pr} The buttons expire ${until} and work once. ${code(cmd)}`);
    return b.build(md`Plan: ${cmd} — ${changes} change(s); press ${label} to apply.`, where);
  }
  if (planHasConflicts(v.plan)) {
    b.context(md`Nothing was changed. Resolve the conflict above, then run the command again.`);
    return b.build(md`Conflict: ${cmd} cannot be applied.`, where);
  }
  return b.build(md`Nothing to do: ${cmd} is already in place.`, where);
}
