/**
 * The published JSON Schema is generated from the loader's definition; the committed file must be current, and
 * every key the loader accepts in the valid corpus must be one the schema knows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSchema } from '../../src/core/config/schema.js';

const ROOT = join(import.meta.dirname, '../..');
const committed = JSON.parse(readFileSync(join(ROOT, 'schema/domains.schema.json'), 'utf8'));
type Schema = Record<string, any>;

/** Follows a YAML value through the schema's properties, collecting keys the schema does not know. */
function unknownKeys(value: unknown, schema: Schema, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownKeys(v, schema.items ?? {}, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const object: Schema = schema.anyOf?.find((s: Schema) => s.type === 'object') ?? schema;
  return Object.entries(value).flatMap(([k, v]) =>
    object.properties?.[k] ? unknownKeys(v, object.properties[k], `${path}.${k}`) : [`${path}.${k}`],
  );
}

describe('schema/domains.schema.json', () => {
  it('is current (run `npm run schema` after changing src/core/config/definition.ts)', () => {
    expect(committed).toEqual(buildSchema());
  });

  it('knows every key of the valid corpus, and no more than the loader', () => {
    const dir = join(ROOT, 'test/fixtures/config/valid');
    for (const f of readdirSync(dir)) {
      expect(unknownKeys(parse(readFileSync(join(dir, f), 'utf8')), committed, '$'), f).toEqual([]);
    }
    expect(Object.keys(committed.properties)).toEqual(['version', 'owner', 'prune', 'state', 'defaults', 'domains']);
    expect(committed.additionalProperties).toBe(false);
    expect(Object.keys(committed.properties.defaults.properties)).not.toContain('domain');
    expect(committed.properties.domains.items.properties.dns.enum).toEqual(['alidns', 'none']);
  });

  it('publishes the same patterns the loader enforces', () => {
    const entry = committed.properties.domains.items.properties;
    expect(new RegExp(entry.bucket.pattern).test('abc-img')).toBe(true);
    expect(new RegExp(entry.bucket.pattern).test('Abc_img')).toBe(false);
    expect(new RegExp(entry.region.pattern).test('oss-cn-hangzhou')).toBe(true);
    const certId = entry.https.anyOf[1].properties['cert-id'];
    expect(new RegExp(certId.pattern).test('12345-ap-southeast-1')).toBe(true);
    expect(new RegExp(certId.pattern).test('abc')).toBe(false);
    expect(entry.ttl).toMatchObject({ minimum: 1, maximum: 86400, default: 600 });
  });
});
