#!/usr/bin/env node
// The installed command: the bundled CLI when it is current, else the compiled modules (src/cli/launch.ts says why).
// npm's `prepare` builds both on install.
import { launch } from '../build/src/cli/launch.js';

process.exitCode = await (await launch())(process.argv.slice(2));
