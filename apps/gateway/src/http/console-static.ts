import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Where `vite build` puts the console, next to the compiled apps in dist/. */
export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '../../../../console');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

/** Paths that belong to the API (and its docs): never answered with the console's page. */
export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/** Every file of the build, by URL path, read once: the build is a few hundred KB. */
function loadBuild(dir: string, base = ''): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = `${base}/${entry.name}`;
    if (entry.isDirectory()) {
      for (const [k, v] of loadBuild(dir, rel)) files.set(k, v);
    } else if (entry.isFile()) {
      const body = readFileSync(path.join(dir, rel));
      const type = CONTENT_TYPES[path.extname(entry.name)] ?? 'application/octet-stream';
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      files.set(rel, { body, type, etag });
    }
  }
  return files;
}

/**
 * The web console (apps/console's build) at `/`, same origin as the API: built files by
 * their path (hashed names under /assets/), and any other GET outside /api and /assets is a
 * client-side route answered with index.html. Cache headers are set in `setSecurityHeaders`.
 * Without a build the gateway still starts and says so: the API does not need the console.
 */
export function serveConsole(fastify: FastifyInstance, dir: string, logger: Logger): boolean {
  if (!existsSync(path.join(dir, 'index.html'))) {
    logger.warn(`no console build at ${dir}: \`/\` is not served (run \`npm run build:console\`)`);
    return false;
  }
  const files = loadBuild(dir);
  const index = files.get('/index.html') as StaticFile;
  const handler = (req: FastifyRequest, reply: FastifyReply): void => {
    const pathname = decodeURIComponentSafe(req.url.split('?')[0]);
    if (isApiPath(req.url)) return reply.callNotFound();
    const file = files.get(pathname) ?? (pathname.startsWith('/assets/') ? undefined : index);
    if (!file) return reply.callNotFound();
    void reply.header('etag', file.etag).type(file.type);
    if (req.headers['if-none-match'] === file.etag) return void reply.status(304).send();
    void reply.send(file.body);
  };
  fastify.get('/', handler);
  fastify.get('/*', handler);
  logger.log(`console served at / from ${dir} (${files.size} files)`);
  return true;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
