/**
 * `npm run schema`: writes the JSON Schema generated from the definition to schema/domains.schema.json.
 * A test checks that the committed file is current.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildSchema, SCHEMA_PATH } from './schema.js';

const target = process.argv[2] ?? SCHEMA_PATH;
await mkdir(dirname(target), { recursive: true });
await writeFile(target, `${JSON.stringify(buildSchema(), null, 2)}\n`);
process.stderr.write(`wrote ${target}\n`);
