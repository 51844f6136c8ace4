import { readFileSync } from 'node:fs'
import { defineConfig, type Plugin } from 'vite'

/** Files the server opens at run time beside its own module (`new URL('./x', import.meta.url)`). */
const SIBLING_FILES = { 'sqliteAppendWorker.mjs': 'server/persistence/sqliteAppendWorker.mjs' }

/** Copies SIBLING_FILES into the output directory, next to every chunk that may refer to them. */
function copySiblingFiles(): Plugin {
  return {
    name: 'referat-copy-sibling-files',
    generateBundle() {
      for (const [fileName, source] of Object.entries(SIBLING_FILES)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(source) })
      }
    },
  }
}

// The production server: server/main.ts compiled to ESM in dist/server (`npm run build:server`).
// Vite's SSR build keeps every package in node_modules external (better-sqlite3 is native, pdfkit
// and pdf.js read their own files), so only our TypeScript is compiled; the export code stays in
// its own chunks, loaded on first use as under tsx. All chunks sit in one directory, so the
// sibling files resolve from each of them.
export default defineConfig({
  root: '.',
  publicDir: false,
  logLevel: 'warn',
  plugins: [copySiblingFiles()],
  build: {
    ssr: 'server/main.ts',
    outDir: 'dist/server',
    emptyOutDir: true,
    sourcemap: true,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      output: { format: 'esm', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
})
