/**
 * The sandbox's RPC products (Alidns, CDN) and the signature verifier the HTTP front calls before dispatching.
 */
export { alidns } from './alidns.js';
export { cdn } from './cdn.js';
export { verifyRpcSignature } from './signature.js';
