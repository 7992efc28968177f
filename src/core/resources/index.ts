/**
 * The registry: every resource oss-domains manages, in the order the planner consults them. The order is a rule, not
 * a detail: a resource reads what the ones before it decided (the record points at the target the CDN domain set),
 * and within a phase a domain's steps run in this order (the binding before the CDN domain that fetches from it).
 * Adding a resource is one module in this directory and one line here.
 *
 * The bucket's website comes first (a bucket setting that needs nothing else); the CDN domain's certificate and edge
 * configuration follow the CDN domain they configure; access only warns; `dns: none` records and the Alidns record
 * come last, once the target is known.
 */
import type { Step } from '../model.js';
import { access } from './access.js';
import { binding } from './binding.js';
import { cdnCert } from './cdn-cert.js';
import { cdnConfig } from './cdn-config.js';
import { cdnDomain } from './cdn-domain.js';
import { manualDns } from './manual-dns.js';
import { record } from './record.js';
import type { Mark, Resource, StepHandler, StepKind } from './types.js';
import { website } from './website.js';

export const RESOURCES = [website, binding, cdnDomain, cdnCert, cdnConfig, access, manualDns, record] as const;

// Every step kind has a resource that runs and describes it: a kind nobody owns fails to compile here.
type KindsOf<R> = R extends Resource<infer K> ? K : never;
type Owned = KindsOf<(typeof RESOURCES)[number]>;
const _everyKindOwned: Record<Exclude<StepKind, Owned>, never> = {};

const HANDLERS = new Map<string, { resource: Resource; handler: StepHandler<Step> }>();
for (const resource of RESOURCES as readonly Resource<any>[]) {
  for (const [kind, handler] of Object.entries(resource.steps)) {
    const taken = HANDLERS.get(kind);
    if (taken) throw new Error(`the step kind ${kind} belongs to both ${taken.resource.name} and ${resource.name}`);
    HANDLERS.set(kind, { resource, handler: handler as StepHandler<Step> });
  }
}
void _everyKindOwned;

/** The resource that owns a step kind. */
export function ownerOf(kind: StepKind): Resource {
  const r = HANDLERS.get(kind);
  if (!r) throw new Error(`no resource owns the step kind ${kind}`);
  return r.resource;
}

const handlerOf = (step: Step): StepHandler<Step> => {
  const r = HANDLERS.get(step.kind);
  if (!r) throw new Error(`no resource owns the step kind ${step.kind}`);
  return r.handler;
};

/** One line describing what a step does. */
export const describeStep = (step: Step): string => handlerOf(step).describe(step);

/** The mark in front of a step: what kind of change it is. */
export function stepMark(step: Step): Mark {
  const { mark } = handlerOf(step);
  return typeof mark === 'function' ? mark(step) : mark;
}

/** Runs a step with the handler of the resource that owns its kind. */
export const runStep: StepHandler<Step>['run'] = (ctx, step) => handlerOf(step).run(ctx, step);
