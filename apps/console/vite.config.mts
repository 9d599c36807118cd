// The console's build (into dist/console, served by the gateway at /), dev server and
// component tests. `vite dev` proxies /api to a running gateway (CONSOLE_API_URL, default :3000).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: { alias: { '@sms/sms-text': here('../../libs/sms-text/src/index.ts') } },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.CONSOLE_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  test: {
    root: here('.'),
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: [here('src/test-setup.ts')],
    // The machine is shared and loaded: generous deadlines, the assertions do the waiting.
    testTimeout: 30_000,
  },
});
