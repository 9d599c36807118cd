import { execFile } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

// Reads the PDF on stdin, prints {text, info} as JSON. pdf-parse's index.js runs a self-test when required
// directly; its lib file does not.
const SCRIPT = `const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () =>
  require('pdf-parse/lib/pdf-parse.js')(Buffer.concat(chunks)).then(
    (r) => process.stdout.write(JSON.stringify({ text: r.text, info: r.info })),
    (e) => { process.stderr.write(String((e && e.stack) || e)); process.exit(1); },
  ));`;

export interface PdfContent {
  text: string;
  /** The document information dictionary (Title, Author, Producer…). */
  info: Record<string, unknown>;
}

/**
 * The text and information of a PDF, extracted by pdf-parse in a plain Node process. Inside jest's sandbox on
 * Node 24 the pdf.js that pdf-parse bundles fails on valid files (the same bytes parse in a
 * plain process on Node 20 and 24), so tests never run it in their own sandbox.
 */
export function readPdf(bytes: Buffer): Promise<PdfContent> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', SCRIPT],
      { cwd: REPO, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`pdf-parse failed: ${stderr || err.message}`))
          : resolve(JSON.parse(stdout) as PdfContent),
    );
    child.stdin?.end(bytes);
  });
}
