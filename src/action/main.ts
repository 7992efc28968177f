import * as core from '@actions/core';

/** Reads the inputs, calls the core, writes outputs, summary and comments. PLACEHOLDER until the core lands. */
export async function run(): Promise<void> {
  core.setFailed('oss-domains action: not built yet');
}
