/**
 * How the CLI talks to people: progress on stderr (a live line on a terminal, plain lines elsewhere, and a
 * heartbeat so a long wait is never silent), results on stdout — or only JSON on stdout with `--json`.
 */
import type { ProgressEvent } from '../core/index.js';

export interface Out {
  /** Human result text: stdout, or stderr when `--json` reserves stdout for the JSON document. */
  human(text: string): void;
  /** A diagnostic or error line on stderr. */
  err(text: string): void;
  /** The one JSON document (only with `--json`). */
  json(value: unknown): void;
  progress(event: ProgressEvent): void;
  /** Stops the heartbeat and clears the live line. */
  close(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const HEARTBEAT_MS = 4_000;

export function createOut(
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream & { isTTY?: boolean }; env: NodeJS.ProcessEnv },
  opts: { json: boolean },
): Out {
  // CI logs keep every byte: no live line redrawn with carriage returns there, even on a pseudo-terminal.
  const tty = Boolean(io.stderr.isTTY) && !io.env.CI;
  const started = Date.now();
  let live = '';
  /** The domain whose step or wait the live line shows: its step ending ends the line (no heartbeat for it after). */
  let liveDomain: string | undefined;
  let frame = 0;
  let lastWrite = Date.now();

  const clearLive = () => {
    if (tty && live) io.stderr.write('\r\x1b[2K');
  };
  const drawLive = () => {
    if (tty && live) io.stderr.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${live}`);
  };
  const line = (text: string) => {
    clearLive();
    io.stderr.write(`${text}\n`);
    drawLive();
    lastWrite = Date.now();
  };

  const timer = setInterval(
    () => {
      if (tty) return drawLive();
      if (live && Date.now() - lastWrite >= HEARTBEAT_MS) {
        // The wait's own "(N s elapsed)" is as old as its last event; the heartbeat's clock replaces it.
        const what = live.replace(/\s*\(\d+ s elapsed\)$/, '');
        line(`  … ${what} (${Math.round((Date.now() - started) / 1000)}s)`);
      }
    },
    tty ? 120 : 1_000,
  );
  timer.unref();

  return {
    human(text) {
      const target = opts.json ? io.stderr : io.stdout;
      clearLive();
      target.write(text.endsWith('\n') ? text : `${text}\n`);
      drawLive();
    },
    err: line,
    json(value) {
      io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    progress(e) {
      // A step that already names its domain first (a record update: "img.abc.com: CNAME a → b") is not prefixed twice.
      const who = e.domain && !e.message.startsWith(`${e.domain}:`) ? `${e.domain}: ` : '';
      if (e.kind === 'wait') {
        const changed = withoutNumbers(live) !== withoutNumbers(`${who}${e.message}`);
        live = `${who}${e.message}`;
        liveDomain = e.domain;
        // Off a terminal, a wait prints when it starts and then at the heartbeat, not at every poll.
        if (tty) drawLive();
        else if (changed || Date.now() - lastWrite >= HEARTBEAT_MS) line(`  … ${live}`);
        return;
      }
      const mark = { 'step-start': '→', 'step-done': '✓', 'step-failed': '✗', retry: '↻' }[e.kind] ?? '·';
      if (e.kind === 'step-start') {
        live = `${who}${e.message}`;
        liveDomain = e.domain;
      } else if ((e.kind === 'step-done' || e.kind === 'step-failed') && e.domain && e.domain === liveDomain) {
        clearLive();
        live = '';
        liveDomain = undefined;
      }
      line(`${mark} ${who}${e.message}`);
    },
    close() {
      clearInterval(timer);
      clearLive();
      live = '';
    },
  };
}

/** Two waits differ only in their counters (elapsed seconds, tasks done). */
const withoutNumbers = (s: string): string => s.replace(/\d+/g, '#');

/** A plain text table with a header row; columns padded to the widest cell. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
