/**
 * Single-use signature nonces. The API gateway refuses a nonce it has seen from the same AccessKey within about 31
 * minutes (`SignatureNonceUsed`): twice the 15 minutes a request time may be off, so a replay is refused for as long
 * as its signature would still be accepted. Every retry must therefore be signed anew, as the SDKs do.
 */

/** How long a nonce is remembered. */
export const NONCE_WINDOW_MS = 31 * 60_000;

export class NonceStore {
  /** `<AccessKeyId>\n<nonce>` → when it was first used, oldest first. */
  private seen = new Map<string, number>();

  /** Records the nonce; false when it was already used within the window. */
  use(accessKeyId: string, nonce: string, now: number): boolean {
    for (const [key, at] of this.seen) {
      if (at > now - NONCE_WINDOW_MS) break;
      this.seen.delete(key);
    }
    const key = `${accessKeyId}\n${nonce}`;
    const at = this.seen.get(key);
    if (at !== undefined && at > now - NONCE_WINDOW_MS) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    return true;
  }

  clear(): void {
    this.seen.clear();
  }
}
