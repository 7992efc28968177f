/**
 * The JSON Schema of domains.yml, generated from the definition (definition.ts) so that editors and the loader
 * agree on every key, type, enum and description. `npm run schema` writes it to schema/domains.schema.json.
 *
 * Draft-07, the draft yaml-language-server (VS Code's YAML extension) supports best. The schema checks shapes; the
 * loader checks more (IDN names, reserved suffixes, duplicates, defaults, apex), with positions and hints.
 */
import { CONFIG, type Field } from './definition.js';

type Json = Record<string, unknown>;

/** The file name the schema is published under, inside the package. */
export const SCHEMA_PATH = 'schema/domains.schema.json';

export function buildSchema(): Json {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'domains.yml (oss-domains, version 1)',
    ...fieldSchema(CONFIG),
  };
}

function fieldSchema(field: Field): Json {
  const s: Json = { description: field.description };
  switch (field.kind) {
    case 'string':
      s.type = field.allowInteger ? ['string', 'integer'] : 'string';
      if (field.enum) s.enum = [...field.enum];
      if (field.pattern) s.pattern = field.pattern.source;
      if (field.minLength !== undefined) s.minLength = field.minLength;
      if (field.maxLength !== undefined) s.maxLength = field.maxLength;
      if (field.default !== undefined) s.default = field.default;
      return s;
    case 'integer': {
      const n: Json = { type: 'integer' };
      if (field.const !== undefined) n.const = field.const;
      if (field.minimum !== undefined) n.minimum = field.minimum;
      if (field.maximum !== undefined) n.maximum = field.maximum;
      if (field.default !== undefined) s.default = field.default;
      return field.orBoolean ? { ...s, anyOf: [{ type: 'boolean' }, n] } : { ...s, ...n };
    }
    case 'boolean':
      s.type = 'boolean';
      if (field.default !== undefined) s.default = field.default;
      return s;
    case 'array':
      s.type = 'array';
      s.items = fieldSchema(field.items);
      return s;
    case 'object': {
      const object: Json = {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(Object.entries(field.fields).map(([k, f]) => [k, fieldSchema(f)])),
      };
      if (field.required?.length) object.required = [...field.required];
      if (!field.orBoolean) return { ...s, ...object };
      const alternative = field.orBoolean === 'any' ? { type: 'boolean' } : { const: false };
      return { ...s, anyOf: [alternative, object] };
    }
  }
}
