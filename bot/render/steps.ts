/**
 * One line of plain language per plan step, the same words before (plan) and after (result) a change. Slack shows
 * them in mrkdwn; names are in backticks so nothing in a domain is read as formatting.
 */
import type { Conflict, DomainPlan, Step } from '../../src/core/index.js';

const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

const fqdn = (rr: string, zone: string): string => (rr === '@' ? zone : `${rr}.${zone}`);

/** The target of a record, where `cdn:<domain>` means "the CNAME CDN assigns". */
const target = (value: string): string =>
  value.startsWith('cdn:') ? `the CNAME CDN assigns to ${code(value.slice(4))}` : code(value);

/** `+` creates, `~` changes, `-` deletes, `!` needs a person. */
export function stepLine(s: Step): string {
  switch (s.kind) {
    case 'bind':
      return `+ bind ${code(s.domain)} to bucket ${code(s.bucket)} (${s.region}), proving ownership with TXT ${code(`_dnsauth.${s.domain}`)}${s.certId ? `, HTTPS certificate ${code(s.certId)}` : ''}`;
    case 'set-oss-cert':
      return `~ OSS HTTPS certificate of ${code(s.domain)}: ${s.from ? code(s.from) : 'none'} → ${s.certId ? code(s.certId) : 'none'}`;
    case 'unbind':
      return `- unbind ${code(s.domain)} from bucket ${code(s.bucket)} (${s.region})`;
    case 'create-cdn':
      return `+ CDN domain ${code(s.domain)} (${s.scope}) with origin ${code(`${s.bucket}.oss-${s.region}.aliyuncs.com`)}`;
    case 'start-cdn':
      return `~ start the offline CDN domain ${code(s.domain)}`;
    case 'set-cdn-cert':
      return s.certId
        ? `~ CDN HTTPS for ${code(s.domain)} with certificate ${code(s.certId)}`
        : `~ turn CDN HTTPS off for ${code(s.domain)}`;
    case 'delete-cdn':
      return `- CDN domain ${code(s.domain)}`;
    case 'create-record':
      return `+ DNS ${code(fqdn(s.rr, s.zone))} ${s.type} → ${target(s.value)} (TTL ${s.ttl})`;
    case 'update-record':
      return `~ DNS ${code(fqdn(s.rr, s.zone))} ${s.from.type} ${code(s.from.value)} → ${s.type} ${target(s.value)}`;
    case 'delete-record':
      return `- DNS ${code(fqdn(s.rr, s.zone))} ${s.type} ${code(s.value)}`;
    case 'manual-record':
      return `! create this record yourself: ${code(s.name)} ${s.type} ${target(s.value)}`;
  }
}

export function conflictLine(c: Conflict): string {
  return `:warning: ${c.message}\n   → ${c.hint}`;
}

/** A domain's plan as mrkdwn lines: steps, then conflicts; "nothing to do" when it is in place. */
export function domainPlanLines(d: DomainPlan): string[] {
  const lines = d.steps.map(stepLine);
  for (const c of d.conflicts) lines.push(conflictLine(c));
  if (!lines.length) lines.push(`${code(d.display || d.domain)} is already as asked; nothing to do.`);
  return lines;
}

/** Slack rejects a section whose text is over 3,000 characters; cut visibly below that. */
export function clip(text: string, max = 2900): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const nl = cut.lastIndexOf('\n');
  return `${nl > max / 2 ? cut.slice(0, nl) : cut}\n… (${text.length - max} more characters not shown)`;
}
