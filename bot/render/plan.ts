/**
 * The plan message: what would change, and the two buttons. The confirming button is `primary` for bind and
 * `danger`, behind Slack's own confirmation dialog, for unbind. A plan with a conflict, or with nothing to do, has
 * no confirm button at all: there is nothing a click could safely do.
 */
import type { types } from '@slack/bolt';
import { type Plan, planHasChanges, planHasConflicts, planStepCount, renderPlan } from '../../src/core/index.js';
import { type ChangeArgs, commandText } from '../buttons.js';
import { CANCEL_ACTION, CONFIRM_ACTION } from '../constants.js';
import { type Block, codeBlock, context, type SlackMessage, section } from './message.js';

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
  note?: string;
}

/** True when pressing confirm could do something: changes pending and no conflict. */
export const confirmable = (plan: Plan): boolean => planHasChanges(plan) && !planHasConflicts(plan);

function title(v: PlanView): string {
  const a = v.args;
  const what =
    a.cmd === 'bind'
      ? `bind \`${a.domain}\` to bucket \`${a.bucket}\` (${a.region}${a.cdn ? ', with CDN' : ''}${a.certId ? `, HTTPS ${a.certId}` : ''})`
      : `unbind \`${a.domain}\``;
  return `<@${v.requester}> asked to ${what}.`;
}

export function planMessage(v: PlanView): SlackMessage {
  const blocks: Block[] = [];
  if (v.note) blocks.push(section(`:arrows_counterclockwise: ${v.note}`));
  blocks.push(section(title(v)));
  // The core's words for the plan, warnings included: the same text `oss-domains plan` prints.
  blocks.push(section(codeBlock(renderPlan(v.plan, 'text'))));
  const changes = planStepCount(v.plan);
  const can = confirmable(v.plan);
  let text: string;
  if (can) {
    const verb = v.args.cmd === 'bind' ? 'Bind' : 'Unbind';
    const label = v.gitops ? 'Open pull request' : verb;
    const confirm: types.Button = {
      type: 'button',
      action_id: CONFIRM_ACTION,
      text: { type: 'plain_text', text: label },
      style: v.args.cmd === 'bind' ? 'primary' : 'danger',
      value: v.buttonValue,
    };
    if (v.args.cmd === 'unbind')
      confirm.confirm = {
        title: { type: 'plain_text', text: `Unbind ${v.args.domain}?` },
        text: {
          type: 'mrkdwn',
          text: v.gitops
            ? `This opens a pull request removing \`${v.args.domain}\` from ${v.gitops.path}.`
            : `\`${v.args.domain}\` stops serving from its bucket: the binding, and the DNS record and CDN domain this tool owns, are deleted.`,
        },
        confirm: { type: 'plain_text', text: 'Unbind' },
        deny: { type: 'plain_text', text: 'Keep it' },
        style: 'danger',
      };
    blocks.push({
      type: 'actions',
      block_id: 'oss_plan_actions',
      elements: [
        confirm,
        {
          type: 'button',
          action_id: CANCEL_ACTION,
          text: { type: 'plain_text', text: 'Cancel' },
          value: v.buttonValue,
        },
      ],
    });
    const secs = Math.floor(v.expires / 1000);
    const where = v.gitops ? ` Confirming opens a pull request on ${v.gitops.repo} (${v.gitops.path}).` : '';
    blocks.push(
      context(
        `Nothing has changed yet.${where} The buttons expire <!date^${secs}^{time}|in 15 minutes>. \`${commandText(v.args)}\``,
      ),
    );
    text = `Plan: ${commandText(v.args)} — ${changes} change(s); press ${label} to apply.`;
  } else if (v.plan.domains.some((d) => d.conflicts.length)) {
    blocks.push(context('Nothing was changed. Resolve the conflict above, then run the command again.'));
    text = `Conflict: ${commandText(v.args)} cannot be applied.`;
  } else {
    text = `Nothing to do: ${commandText(v.args)} is already in place.`;
  }
  return { response_type: 'in_channel', text, blocks };
}
