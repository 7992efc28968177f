/**
 * What a resource module is: the shape every file of src/core/resources fills in, and the contexts the planner and
 * apply hand it. The registry (index.ts) lists the modules; nothing else needs to know which resources exist.
 */
import type { ApplyContext } from '../engine/apply-context.js';
import type {
  Conflict,
  DesiredState,
  DnsRecord,
  DomainSpec,
  DomainsConfig,
  Observed,
  Step,
  Warning,
} from '../model.js';
import type { Runtime } from '../ports.js';

export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

/**
 * Where a step goes among its domain's steps, whichever resource planned it. A domain's steps run phase by phase;
 * within a phase, in the order the registry lists their resources; within a resource, in the order it gave them.
 *
 * - `prove`: ownership proofs that must exist before what they prove (a TXT record the user creates elsewhere);
 * - `serve`: make the bucket and the edge serve the domain (binding, CDN domain, their certificates and settings).
 *   A removal's unbind is here too: it goes first, while the record or CDN domain that proves it ours still stands;
 * - `route`: the DNS record at the name, which moves the traffic;
 * - `retire`: what no longer serves once the traffic has moved (a CDN domain that is not wanted any more);
 * - `tidy`: proofs nothing needs any more (`_dnsauth` and `verification` TXT records of removed domains).
 */
export const PHASES = ['prove', 'serve', 'route', 'retire', 'tidy'] as const;
export type Phase = (typeof PHASES)[number];

/** The mark in front of a step: `+` create, `~` update, `-` delete, `*` a record the user must create. */
export type Mark = '+' | '~' | '-' | '*';

/** What a resource does with one kind of step: its mark and line in plans and messages, and its execution. */
export interface StepHandler<S extends Step> {
  mark: Mark | ((step: S) => Mark);
  /** One line saying what the step does (plans, progress, apply reports). */
  describe(step: S): string;
  /** Runs the step's port calls, pushing each write's request id on `ctx.ids`; returns a detail for the report. */
  run(ctx: ApplyContext, step: S): Promise<string | undefined>;
}

export type StepHandlers<K extends StepKind> = { readonly [P in K]: StepHandler<StepOf<P>> };

/** A RAM statement's worth: these actions on these resources. */
export interface Grant {
  actions: string[];
  resources: string[];
}

/** What a resource's decision for one declared domain sees, and how it answers (steps, conflicts, warnings). */
export interface DomainContext {
  spec: DomainSpec;
  owner: string;
  observed: Observed;
  /** Names of the account's zones. */
  zones: string[];
  /** The zone and relative name of the domain's record (`dns: alidns`, when a zone holds it). */
  zone?: string;
  rr?: string;
  /** The records at the domain's name (empty without a zone). */
  atName: DnsRecord[];
  /**
   * Where the record must point: the bucket's domain, unless a resource puts something in front of it (the CDN
   * domain's CNAME, or `cdn:<domain>` for one that does not exist yet). Set by the resources registered before the
   * record's.
   */
  target: string;
  /**
   * The value the record's steps carry when it is not `target` itself: `cdn:<domain>` while that CDN domain is not
   * online, resolved at apply once it is (a record never sends traffic to a CDN domain that cannot serve it yet).
   */
  recordValue?: string;
  add(phase: Phase, ...steps: Step[]): void;
  /** Whether any resource has planned a step for this domain so far. */
  changing(): boolean;
  conflict(c: Omit<Conflict, 'domain' | 'pos'>): void;
  warn(w: Omit<Warning, 'domain'>): void;
}

/**
 * One module per resource. `steps` maps every step kind the resource owns to its handler: apply and the renderers
 * find a step's handler by its kind, so each kind has exactly one owner. The hooks are optional: a resource may only
 * plan (and reuse another's steps), or only be read.
 */
export interface Resource<K extends StepKind = StepKind> {
  /** Names the resource in messages and tests. */
  readonly name: string;
  readonly steps: StepHandlers<K>;
  /**
   * Reads what only this resource needs, after the shared reads (zones, records, bindings, CDN domains) are in
   * `observed`: once per bucket or CDN domain concerned, never once per domain.
   */
  read?(rt: Runtime, desired: DesiredState, observed: Observed): Promise<void>;
  /** Pure: the steps, conflicts and warnings for one declared domain. */
  plan?(ctx: DomainContext): void;
  /** The RAM actions the resource calls for this file, scoped as narrowly as the file allows. */
  grants(config: DomainsConfig): Grant[];
}
