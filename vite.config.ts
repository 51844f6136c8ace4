import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { compiledCatalogues } from './client/i18n/compileCatalogues'

// One config for the client build (root: client/) and the three Vitest projects.
export default defineConfig({
  root: 'client',
  plugins: [compiledCatalogues(), react()],
  resolve: {
    alias: [
      // lib0's browser logging (Yjs warns through it) styles its output through lib0/dom, which
      // brings lib0/schema's module-level constructors along: ~2 KB gzip on every page. Yjs uses
      // only print, warn and a few style markers: client/shims/lib0Logging.ts writes those to the
      // console (lib0's Deno variant, used before, still brought ~0.6 KB of helpers).
      { find: /^lib0\/logging$/, replacement: fileURLToPath(new URL('./client/shims/lib0Logging.ts', import.meta.url)) },
      // React has useSyncExternalStore built in; the shim @lingui/react imports ships a fallback.
      { find: /^use-sync-external-store\/shim$/, replacement: fileURLToPath(new URL('./client/shims/useSyncExternalStore.ts', import.meta.url)) },
    ],
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    // The editor (ProseMirror, Tiptap, Yjs) is one page's worth of code: ~700 kB, ~210 kB gzipped.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      // Sign-in: the Host stays the dev server's, so the redirect URI is http://127.0.0.1:5173/auth/callback.
      '/auth': 'http://127.0.0.1:8080',
      '/sync': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: { name: 'unit', root: '.', include: ['tests/unit/**/*.test.ts'], environment: 'node', setupFiles: ['tests/unit/i18nSetup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          root: '.',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Waiting for another page to show an edit crosses a server and two browsers; the
          // default of 1 s fails on a loaded machine (a wait, not a speed assertion).
          expect: { poll: { timeout: 15_000 } },
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
})
