// The benchmarks' own lines, prefixed `bench |` like the stack's processes.
import { logLine } from '../dev-stack/processes';

// tools/dev-stack is still JavaScript: its inferred types are narrower than what it accepts.
const logTo = logLine as (label: string, text: string, stream?: NodeJS.WritableStream) => void;

export function log(message: string, stream?: NodeJS.WritableStream): void {
  logTo('bench', message, stream);
}
