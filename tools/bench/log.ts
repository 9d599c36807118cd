// The benchmarks' own lines, prefixed `bench |` like the stack's processes.
import { logLine } from '../dev-stack/processes';

const logTo = logLine;

export function log(message: string, stream?: NodeJS.WritableStream): void {
  logTo('bench', message, stream);
}
