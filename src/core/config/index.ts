/**
 * domains.yml: the loader, its types, the definition the JSON Schema is generated from, and the desired states
 * built from it.
 */
export { desiredFromConfig, desiredFromUnbind } from './desired.js';
export { ownerFromEnv, stateFromEnv } from './env.js';
export { loadConfig, parseConfig } from './load.js';
export { buildSchema } from './schema.js';
export { type ConfigIssue, type ConfigResult, formatIssue } from './types.js';
