import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { sendText } from './respond'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

/** Page shown when STATIC_DIR has no index.html. */
const NOT_BUILT_HTML = `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Referat</title></head>
<body><h1>Klienten er ikke bygget</h1>
<p>Serveren kjører, men nettleserklienten mangler. Kjør <code>npm run build</code> og last siden på nytt.</p>
</body></html>
`

/** Client routes answered with index.html (single-page app). */
// `/`, a meeting, the verify page, the search page and an organ's follow-up list (the organ is
// URL-encoded; only index.html is ever served for it, so any segment without a slash will do).
const SPA_ROUTE = /^\/(m\/[A-Za-z0-9_-]{1,64}\/?|verify\/?|sok\/?|o\/[^/]{1,600}\/oppfolging\/?)?$/

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
  const size = fs.statSync(file).size
  // Vite puts a content hash in asset names, so they can be cached for good.
  const cache = file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'
  res.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': cache })
  if (req.method === 'HEAD') return void res.end()
  fs.createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res)
}

/**
 * Serves the built client from `staticDir`: files by path (never outside the directory), and
 * index.html for `/`, `/m/<id>`, `/verify`, `/sok` and `/o/<organ>/oppfolging`. Without index.html those routes get a Norwegian 503 page
 * saying the client is not built. Never throws.
 */
export function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, staticDir: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Metoden er ikke tillatt.')
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return sendText(res, 400, 'Ugyldig adresse.')
  }
  const root = path.resolve(staticDir)
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`)
  const inside = file === root || file.startsWith(root + path.sep)
  if (!inside || decoded.includes('\0')) return sendText(res, 404, 'Fant ikke siden.')
  if (file !== root && isFile(file)) return sendFile(req, res, file)
  if (!SPA_ROUTE.test(pathname)) return sendText(res, 404, 'Fant ikke siden.')
  const index = path.join(root, 'index.html')
  if (!isFile(index)) return sendText(res, 503, NOT_BUILT_HTML, 'text/html; charset=utf-8')
  sendFile(req, res, index)
}
