/**
 * domains.yml, version 1, defined once: every key, its type, its allowed values, its description and the check
 * that goes with it. The loader (load.ts) walks a file with this definition and the JSON Schema (schema.ts) is
 * generated from it, so the two cannot disagree.
 */
import {
  BUCKET_PATTERN,
  CERT_ID_PATTERN,
  checkBucketName,
  checkCertId,
  checkDomainName,
  checkOwner,
  checkRegion,
  type NameProblem,
  OWNER_PATTERN,
  REGION_PATTERN,
} from '../names.js';

interface Base {
  /** One or two sentences; shown by editors (JSON Schema) and in the README. */
  description: string;
  /** A valid value, used in "add key: value" hints. */
  example?: string;
  /** The hint when a required key is missing, if "add key: example" does not say enough. */
  missingHint?: string;
  /** The hint when the value has the wrong shape, if the generic one does not say enough. */
  shapeHint?: string;
}

export interface StringField extends Base {
  kind: 'string';
  /** The shape, also published in the schema; `check` gives the detailed message when it fails. */
  pattern?: RegExp;
  enum?: readonly string[];
  /** Also accept a YAML integer (`bucket: 2024`, `cert-id: 12345`), read as the digits written. */
  allowInteger?: boolean;
  minLength?: number;
  maxLength?: number;
  /** A semantic check beyond the pattern. */
  check?: (value: string) => NameProblem | undefined;
  default?: string;
}

export interface IntegerField extends Base {
  kind: 'integer';
  /** `true` and `false` are accepted in place of the number (`hsts: true`). */
  orBoolean?: boolean;
  minimum?: number;
  maximum?: number;
  /** The only value allowed (`version: 1`). */
  const?: number;
  /** Added to the out-of-range hint. */
  rangeNote?: string;
  default?: number;
}

export interface BooleanField extends Base {
  kind: 'boolean';
  default?: boolean;
}

export interface ObjectField extends Base {
  kind: 'object';
  fields: Record<string, Field>;
  required?: readonly string[];
  /** `any`: `true`/`false` are accepted in place of the mapping (`cdn: true`); `false`: only `false` (`https: false`). */
  orBoolean?: 'any' | 'false';
}

export interface ArrayField extends Base {
  kind: 'array';
  items: Field;
  /**
   * The entries are read and built one at a time by the list's consumer (build.ts), not read all at once with the
   * rest of the file: a file of 20,000 domains then never holds 20,000 read entries (and, on the fast path, their
   * YAML nodes) at the same time, which is most of what reading such a file cost (the garbage collector copying it).
   */
  deferred?: boolean;
}

export type Field = StringField | IntegerField | BooleanField | ObjectField | ArrayField;

export const CDN_SCOPES = ['domestic', 'overseas', 'global'] as const;
export const DNS_MODES = ['alidns', 'none'] as const;

export const DEFAULT_TTL = 600;
export const DEFAULT_OWNER = 'default';
export const DEFAULT_CDN_SCOPE = 'domestic';
/** `hsts: true`: the max-age Alibaba Cloud CDN recommends (60 days). */
export const DEFAULT_HSTS_MAX_AGE = 5_184_000;
export const DEFAULT_INDEX = 'index.html';

/** An object key for a website document: not empty, no leading `/`, not a directory. */
const WEBSITE_KEY = /^[^/].*[^/]$|^[^/]$/;

const domainField: StringField = {
  kind: 'string',
  description:
    'The custom domain, e.g. img.abc.com. IDN allowed (stored as punycode); case and a trailing dot are ignored. ' +
    'No wildcards, and no zone apex when Alidns writes the record (a CNAME cannot live at an apex): not a ' +
    'registrable domain such as abc.com or abc.com.cn (by the Public Suffix List) unless dns: none.',
  example: 'img.abc.com',
  minLength: 4,
  maxLength: 253,
  check: checkDomainName,
};

const bucketField: StringField = {
  kind: 'string',
  description: 'The OSS bucket that serves the domain: 3–63 lower-case letters, digits or hyphens.',
  example: 'abc-img',
  pattern: BUCKET_PATTERN,
  allowInteger: true,
  check: checkBucketName,
};

const regionField: StringField = {
  kind: 'string',
  description: "The bucket's region id, e.g. cn-hangzhou (an oss- prefix is accepted and removed).",
  example: 'cn-hangzhou',
  pattern: REGION_PATTERN,
  check: checkRegion,
};

/** Every key a domain entry (and, except `domain`, `defaults`) may have. */
export const DOMAIN_FIELDS: Record<string, Field> = {
  domain: domainField,
  bucket: bucketField,
  region: regionField,
  cdn: {
    kind: 'object',
    orBoolean: 'any',
    description:
      'Put Alibaba Cloud CDN in front of the bucket: true (scope domestic), or a mapping of scope and edge options. ' +
      'An option left out is left as it is at CDN. Default: false.',
    example: 'true',
    fields: {
      scope: {
        kind: 'string',
        enum: CDN_SCOPES,
        default: DEFAULT_CDN_SCOPE,
        description: 'Where CDN accelerates: domestic (mainland China), overseas, or global.',
        example: 'domestic',
      },
      'private-origin': {
        kind: 'boolean',
        default: false,
        description:
          'true: CDN signs its fetches from OSS (l2_oss_key), so the bucket can stay private. Without it a private ' +
          'bucket answers every CDN fetch with 403 (plan warns).',
        example: 'true',
      },
      'force-https': {
        kind: 'boolean',
        default: false,
        description: 'true: CDN redirects http to https (301). Needs https.',
        example: 'true',
      },
      hsts: {
        kind: 'integer',
        orBoolean: true,
        minimum: 1,
        maximum: 63_072_000,
        description:
          'HTTP Strict Transport Security at the edge: false, true (max-age 5184000, 60 days) or a max-age in ' +
          'seconds, e.g. 31536000. Needs https.',
        example: '31536000',
      },
      http2: {
        kind: 'boolean',
        default: true,
        description: 'HTTP/2 at the edge (with https).',
        example: 'true',
      },
    },
  },
  https: {
    kind: 'object',
    orBoolean: 'false',
    shapeHint: 'write https: { cert-id: "12345" } (the id of a certificate in Certificate Management Service)',
    description:
      'Serve HTTPS with a certificate already in Certificate Management Service (bound to OSS, and to CDN when cdn is on). ' +
      'false turns off an https given in defaults.',
    required: ['cert-id'],
    fields: {
      'cert-id': {
        kind: 'string',
        allowInteger: true,
        pattern: CERT_ID_PATTERN,
        check: checkCertId,
        description:
          'The certificate id: its number ("12345"), or number-region as OSS shows it ("12345-ap-southeast-1") for a ' +
          'certificate outside cn-hangzhou. Quote it.',
        example: '"12345"',
      },
    },
  },
  website: {
    kind: 'object',
    orBoolean: 'false',
    shapeHint: 'write website: { index: index.html } (and error: 404.html, or spa: true)',
    description:
      'OSS static website hosting of the bucket (PutBucketWebsite): it belongs to the bucket, so every entry of one ' +
      'bucket that declares it must declare the same. false cancels a website given in defaults; leaving it out leaves ' +
      "the bucket's website configuration as it is.",
    fields: {
      index: {
        kind: 'string',
        pattern: /^[^/]+$/,
        maxLength: 1023,
        default: DEFAULT_INDEX,
        description:
          'The default document, also for sub-directories (a/ serves a/index.html). No "/". Default index.html.',
        example: 'index.html',
      },
      error: {
        kind: 'string',
        pattern: WEBSITE_KEY,
        maxLength: 1023,
        description: 'The object served, with status 404, for a key that does not exist, e.g. 404.html.',
        example: '404.html',
      },
      spa: {
        kind: 'boolean',
        default: false,
        description: 'true: unknown paths serve the index with status 200 (single-page apps). Not with error.',
        example: 'true',
      },
    },
  },
  ttl: {
    kind: 'integer',
    minimum: 1,
    maximum: 86400,
    default: DEFAULT_TTL,
    rangeNote: 'the Alidns Free edition accepts 600 or more',
    description: 'TTL of the DNS record in seconds, 1–86400 (default 600; the Alidns Free edition needs 600 or more).',
    example: '600',
  },
  zone: {
    ...domainField,
    description:
      'The Alidns zone to write in, e.g. abc.com. Default: the longest zone in the account that contains the domain.',
    example: 'abc.com',
  },
  dns: {
    kind: 'string',
    enum: DNS_MODES,
    default: 'alidns',
    description:
      'alidns (default): the tool writes the DNS records in Alibaba Cloud DNS. none: it prints the records to create ' +
      'elsewhere and verifies them.',
    example: 'alidns',
  },
  takeover: {
    kind: 'boolean',
    default: false,
    description:
      'Replace an existing DNS record, binding or CDN domain that this tool did not create (default false: report it).',
    example: 'false',
  },
};

const { domain: _domain, ...DEFAULTABLE_FIELDS } = DOMAIN_FIELDS;

/** The whole file. */
export const CONFIG: ObjectField = {
  kind: 'object',
  description: 'oss-domains: custom domains bound to Alibaba Cloud OSS buckets (DNS, CDN, HTTPS).',
  required: ['version', 'domains'],
  fields: {
    version: {
      kind: 'integer',
      const: 1,
      description: 'The file format version. Always 1.',
      example: '1',
      missingHint: 'add "version: 1" as the first line of the file',
    },
    owner: {
      kind: 'string',
      pattern: OWNER_PATTERN,
      check: checkOwner,
      allowInteger: true,
      maxLength: 64,
      default: DEFAULT_OWNER,
      description:
        'Ownership marker (letters, digits, - _ .; at most 64): every DNS record and CDN domain this tool creates is ' +
        'marked oss-domains:<owner>, and only those are ever changed or deleted. Default: default.',
      example: 'web-team',
    },
    prune: {
      kind: 'boolean',
      default: false,
      description: 'true: unbind owned domains that are no longer declared. Default false: report them only.',
      example: 'false',
    },
    state: {
      kind: 'object',
      description: 'An OSS bucket for the apply lock and the audit log, shared by the CLI, the Action and the bot.',
      required: ['bucket', 'region'],
      fields: {
        bucket: { ...bucketField, description: 'The bucket that holds locks/ and audit/.', example: 'abc-ops' },
        region: regionField,
      },
    },
    defaults: {
      kind: 'object',
      description: 'Values for every domain entry that does not set them: any key of a domain entry except domain.',
      fields: DEFAULTABLE_FIELDS,
    },
    domains: {
      kind: 'array',
      deferred: true,
      description: 'The domains to bind, one entry each.',
      missingHint:
        'add a "domains:" list with one entry per domain, e.g. "- domain: img.abc.com" and its bucket and region',
      items: {
        kind: 'object',
        description: 'One custom domain and the bucket that serves it.',
        shapeHint: 'each entry starts with "- domain: img.abc.com", with bucket: and region: indented under it',
        // bucket and region may come from defaults: build.ts checks them after merging.
        required: ['domain'],
        fields: DOMAIN_FIELDS,
      },
    },
  },
};

/** The root key whose list is read one entry at a time (`ArrayField.deferred`): the fast path defers it too. */
export const DEFERRED_LIST = Object.entries(CONFIG.fields).find(([, f]) => f.kind === 'array' && f.deferred)?.[0];
