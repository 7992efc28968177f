/**
 * A short digest of what a plan would do. A confirmation (the bot's button, the CLI's prompt) records the fingerprint
 * of the plan it showed; before applying, the plan is computed again and applied only if it has the same fingerprint —
 * so what runs is exactly what the person confirmed, even if someone changed the cloud in between.
 *
 * Only the decisions count (each domain's action, steps and conflict codes), in a canonical key order; warnings and
 * display names do not, so a cosmetic change never invalidates a button.
 */
import { createHash } from 'node:crypto';
import type { Plan } from '../model.js';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** 128 bits of SHA-256 over the plan's decisions, base64url (22 characters). */
export function planFingerprint(plan: Plan): string {
  const decisions = plan.domains
    .map((d) => ({
      domain: d.domain,
      action: d.action,
      target: d.target,
      steps: d.steps,
      conflicts: d.conflicts.map((c) => c.code),
    }))
    .sort((a, b) => a.domain.localeCompare(b.domain));
  return createHash('sha256')
    .update(JSON.stringify(canonical({ owner: plan.owner, decisions })))
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
