import { AppStack, REPO_ROOT } from '@sms/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// A console build made here (index.html + one hashed asset) served by the compiled gateway.
describe('console served at /', () => {
  let dir: string;
  let stack: AppStack;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'console-build-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Il mio account</title><div id="root"></div>');
    writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd.js'), 'console.log("console")');
    const env = { CONSOLE_DIR: dir, NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', LOG_LEVEL: 'warn' };
    stack = new AppStack(env, path.join(REPO_ROOT, 'tmp/test-logs/console-static'));
    stack.spawn('gateway');
    base = await stack.waitForGatewayPort();
    await waitLive(base);
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const res = await fetch(base + url);
    return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };

  it('serves index.html at / without long caching', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('Il mio account');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves hashed assets with a year of immutable cache', async () => {
    const res = await get('/assets/index-Ab12Cd.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe('console.log("console")');
  });

  it('answers client-side routes with index.html', async () => {
    const res = await get('/sotto-account/123/storico?from=2026-01-01');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing asset with 404, not the page, and does not cache it', async () => {
    const res = await get('/assets/gone-XYZ.js');
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('leaves /api untouched: unknown API paths stay problem+json 404, docs still served', async () => {
    const unknown = await get('/api/v1/no-such-thing');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.headers['cache-control']).toBe('no-store');
    const live = await get('/api/v1/health/live');
    expect(live.statusCode).toBe(200);
    const docs = await get('/api/docs-json');
    expect(docs.statusCode).toBe(200);
    expect(JSON.parse(docs.body)).toHaveProperty('openapi');
  });
});

async function waitLive(base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/api/v1/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('gateway not live after 60 s');
}
