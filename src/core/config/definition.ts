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
}

export type Field = StringField | IntegerField | BooleanField | ObjectField | ArrayField;

export const CDN_SCOPES = ['domestic', 'overseas', 'global'] as const;
export const DNS_MODES = ['alidns', 'none'] as const;

export const DEFAULT_TTL = 600;
export const DEFAULT_OWNER = 'default';
export const DEFAULT_CDN_SCOPE = 'domestic';

const domainField: StringField = {
  kind: 'string',
  description:
    'The custom domain, e.g. img.abc.com. IDN allowed (stored as punycode); case and a trailing dot are ignored. ' +
    'No wildcards, no zone apex when Alidns writes the record (a CNAME cannot live at an apex).',
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
      'Put Alibaba Cloud CDN in front of the bucket: true (scope domestic), or { scope: domestic | overseas | global }. ' +
      'Default: false.',
    example: 'true',
    fields: {
      scope: {
        kind: 'string',
        enum: CDN_SCOPES,
        default: DEFAULT_CDN_SCOPE,
        description: 'Where CDN accelerates: domestic (mainland China), overseas, or global.',
        example: 'domestic',
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
