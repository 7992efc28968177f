/** What the sandbox's HTTP front hands its handlers, and what they hand back. */
import type { SandboxControl } from './control.js';
import type { World } from './state.js';

export interface FrontContext {
  world: World;
  control: SandboxControl;
  now: () => number;
}

/** An HTTP response the front writes as is. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}
