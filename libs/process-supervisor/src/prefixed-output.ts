// Output of supervised processes on the terminal: every line prefixed with a padded, coloured label
// (`wallet        | …`), the way `npm start` shows seven apps in one stream.
import * as readline from 'node:readline';
import type { Readable } from 'node:stream';

const COLORS = [36, 32, 33, 35, 34, 96, 92, 93, 95, 94];
let colorIndex = 0;
let labelWidth = 13;

type Terminal = NodeJS.WritableStream & { isTTY?: boolean };

function paint(text: string, color: number, stream: Terminal): string {
  return stream.isTTY && !process.env.NO_COLOR ? `\x1b[${color}m${text}\x1b[0m` : text;
}

/** The next colour of the rotation (one per spawned process). */
export function nextColor(): number {
  return COLORS[colorIndex++ % COLORS.length];
}

/** Widens the label column (never narrows it) so that every label of a stack lines up. */
export function setLabelWidth(width: number): void {
  labelWidth = Math.max(labelWidth, width);
}

/** Copies every line of `source` to `target`, prefixed with `label |`. */
export function pipeLines(source: Readable | null, target: Terminal, label: string, color: number): void {
  if (!source) return;
  const rl = readline.createInterface({ input: source, crlfDelay: Infinity });
  rl.on('line', (line) => target.write(`${paint(`${label.padEnd(labelWidth)} |`, color, target)} ${line}\n`));
}

/** Writes one prefixed line per line of `text` (a tool's own messages beside its children's). */
export function logLine(label: string, text: unknown, stream: Terminal = process.stdout): void {
  for (const line of String(text).replace(/\n+$/, '').split('\n')) {
    stream.write(`${paint(`${label.padEnd(labelWidth)} |`, 1, stream)} ${line}\n`);
  }
}
