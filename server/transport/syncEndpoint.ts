import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { CLOSE, ProtocolError, type CloseReason } from '../../shared/protocol'
import { SCHEMA_VERSION } from '../../shared/schema'
import type { Actor } from '../../shared/register'
import { personActor, readCookie, type OriginPolicy, type PersonPrincipal, type SessionAuthority, type TokenAuthority, type TokenCheck } from '../auth'
import { unmapIPv4, type FailureLimits, type TrustedProxies } from '../limits'
import { log } from '../log'
import { NO_METRICS, type Metrics } from '../metrics'
import type { Room, RoomRegistry } from '../rooms'
import { ConnectionThrottle, DEFAULT_RATE_LIMITS, type RateLimits } from './ConnectionThrottle'
import { RECEIVED_UPDATE, WsPeerSocket, isSyncMessage, toExactBytes } from './WsPeerSocket'
import { parseSyncUrl, type SyncRequest } from './parseSyncUrl'

/** Settings of the sync endpoint. */
export interface SyncEndpointOptions {
  readonly registry: RoomRegistry
  /** ws `maxPayload`: larger messages close the socket with 1009. */
  readonly maxMessageBytes: number
  /** Interval of the keep-alive ping, in milliseconds; a peer that misses one is dropped. */
  readonly pingIntervalMs?: number
  /** Verifies the `token` query parameter of every connection. */
  readonly auth: TokenAuthority
  /** Which browser origins may connect. */
  readonly origins: OriginPolicy
  /** Where connections, received and relayed updates and closes are counted (default: nowhere). */
  readonly metrics?: Metrics
  /** True while the node drains for shutdown: new upgrades are refused with HTTP 503. */
  readonly isDraining?: () => boolean
  /** Per-connection rate limits (default DEFAULT_RATE_LIMITS). */
  readonly rateLimits?: RateLimits
  /**
   * Refused upgrades and refused tokens counted per client address; a blocked address gets HTTP
   * 429 before any WebSocket is made. Without: nothing is counted.
   */
  readonly limits?: { readonly failures: FailureLimits; readonly proxies: TrustedProxies }
  /**
   * Sign-in on: a connection without a `token` that carries the session cookie joins through the
   * signed-in person's invitation to the meeting. Without: only tokens.
   */
  readonly signIn?: { readonly sessions: SessionAuthority; readonly cookieName: string }
}

/** Who a connection joins as, and until when (ms since the epoch). */
interface Admission {
  readonly actor: Actor
  readonly expiresAtMs: number
  /** Set when the connection came in with a session: revoking it closes the connection. */
  readonly sessionId: string | null
}

/**
 * Messages a connection may send before it has joined its room (token check and room load take
 * a moment); a stock client sends 2-3. More is not a client we know.
 */
const MAX_EARLY_MESSAGES = 64

/** How long a connection closed for flooding may take to finish the closing handshake. */
const FLOOD_CLOSE_GRACE_MS = 2000

/** Keep-alive pings are spread over this many ticks of the ping interval. */
const PING_SLOTS = 30

/** setTimeout's longest delay; a later expiry is re-checked when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** The WebSocket side of the server: upgrade handling for `/sync/<docName>`. */
export interface SyncEndpoint {
  /** Handler for the HTTP server's 'upgrade' event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /**
   * Checks every open connection's credentials against storage again (token revoked or expired,
   * session ended, invitation withdrawn, role now signing in) and closes those that no longer
   * hold: after this node may have missed access changes (Redis was away). A storage failure
   * keeps the connection (it is checked again next time). Resolves with how many were closed.
   */
  recheckAll(): Promise<number>
  /** Closes every socket (peers were already closed by the registry) within `graceMs`. */
  close(graceMs?: number): Promise<void>
}

/** Connections re-checked at once by recheckAll: a bound on the storage queries in flight. */
const RECHECK_BATCH = 50

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/**
 * Creates the sync endpoint. Only parses the URL, enforces the size limit, wraps the socket and
 * hands it to the rooms; errors from a room become the documented close codes.
 */
export function createSyncEndpoint(options: SyncEndpointOptions): SyncEndpoint {
  const metrics = options.metrics ?? NO_METRICS
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false })
  const alive = new WeakMap<WebSocket, boolean>()
  // Each socket is pinged once per interval, but not all at once: the sockets are spread over
  // PING_SLOTS ticks. Pinging 4,000 sockets in one loop took 168 ms (a write per socket), and every
  // relay waiting behind it showed up as the p99 of the rooms benchmark.
  const slotOf = new WeakMap<WebSocket, number>()
  let nextSlot = 0
  let tick = 0
  const pinger = setInterval(
    () => {
      tick = (tick + 1) % PING_SLOTS
      for (const ws of wss.clients) {
        if (slotOf.get(ws) !== tick) continue
        if (alive.get(ws) === false) {
          ws.terminate()
          continue
        }
        alive.set(ws, false)
        ws.ping()
      }
    },
    (options.pingIntervalMs ?? 30_000) / PING_SLOTS,
  )
  pinger.unref()
  /** Each joined connection's re-check: true when it was closed. */
  const rechecks = new Set<() => Promise<boolean>>()

  /**
   * Wires one connection. Messages that arrive while the token is checked and the room loads
   * wait, in order, and are handled once the peer has joined.
   */
  function handleConnection(ws: WebSocket, request: Extract<SyncRequest, { kind: 'sync' }>, sessionCookie: string | null): void {
    const { docName, clientVersion, wantsSaved } = request
    const connId = randomBytes(6).toString('base64url')
    const peer = new WsPeerSocket(ws, metrics)
    const closeWith = (close: CloseReason, detail: string) => {
      log.warn('closing peer', { docName, connId, reason: close.reason, detail })
      peer.close(close.code, close.reason)
    }
    metrics.connectionOpened()
    alive.set(ws, true)
    slotOf.set(ws, nextSlot++ % PING_SLOTS)
    ws.on('pong', () => alive.set(ws, true))
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes with 1009 by itself when a message exceeds maxPayload.
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') metrics.peerClosed(CLOSE.messageTooBig.code, CLOSE.messageTooBig.reason)
      log.warn('socket error', { docName, connId, reason: err.code ?? err.name, detail: err.message })
    })
    let room: Room | null = null
    let early: Uint8Array[] | null = []
    let cancelExpiry = () => {}
    let stopWatchingSession = () => {}
    let recheck: (() => Promise<boolean>) | null = null
    const receive = (data: Uint8Array) => {
      if (!peer.isOpen || !room) return
      try {
        room.receive(peer, data)
      } catch (err) {
        if (!(err instanceof ProtocolError)) log.error('unexpected error', { docName, connId, err })
        const close = err instanceof ProtocolError ? err.close : CLOSE.internal
        options.registry.leave(docName, peer)
        closeWith(close, err instanceof ProtocolError ? err.detail : String(err))
      }
    }
    // Every message passes the connection's rate limits first: over them it waits and the socket
    // is paused (the sender's data stays in TCP buffers); a connection that keeps it up is closed.
    const throttle = new ConnectionThrottle(options.rateLimits ?? DEFAULT_RATE_LIMITS, {
      pause: () => ws.pause(),
      resume: () => ws.resume(),
      deliver: (bytes) => {
        if (!early) return receive(bytes)
        if (early.length >= MAX_EARLY_MESSAGES) return closeWith(CLOSE.malformedMessage, 'too many messages before the sync started')
        early.push(bytes)
      },
      flood: (detail) => {
        closeWith(CLOSE.rateLimited, detail)
        // The closing handshake needs the client's close frame, which waits behind its flood in
        // the paused socket: read on (the throttle drops everything now), but not for long.
        ws.resume()
        setTimeout(() => ws.terminate(), FLOOD_CLOSE_GRACE_MS).unref()
      },
      tripped: (kind) => {
        metrics.limitTripped(kind)
        log.warn('rate limit holds a connection back', { docName, connId, kind })
      },
    })
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const bytes = toExactBytes(data)
      if (isSyncMessage(bytes, RECEIVED_UPDATE)) metrics.updateReceived()
      throttle.offer(bytes)
    })
    ws.on('close', (code: number) => {
      metrics.connectionClosed()
      throttle.destroy()
      cancelExpiry()
      stopWatchingSession()
      if (recheck) rechecks.delete(recheck)
      early = null
      if (room) options.registry.leave(docName, peer)
      log.info('peer left', { docName, connId, code })
    })
    void admit()

    /**
     * Checks the token, or without one the session cookie and the person's invitation (before the
     * room is loaded: a refused peer learns nothing of it), and joins.
     */
    async function admit(): Promise<void> {
      const admission = request.token === null && sessionCookie !== null && options.signIn ? await admitPerson() : await admitToken()
      if (!admission) return
      const { actor } = admission
      if (clientVersion !== null && clientVersion < SCHEMA_VERSION) {
        return closeWith(CLOSE.clientOutdated, `client schema version ${clientVersion}`)
      }
      if (!peer.isOpen) return
      try {
        room = await options.registry.join(docName, peer, { connId, wantsSaved, actor })
      } catch (err) {
        if (!(err instanceof ProtocolError)) log.error('join failed', { docName, connId, err })
        return closeWith(err instanceof ProtocolError ? err.close : CLOSE.internal, err instanceof ProtocolError ? err.detail : String(err))
      }
      if (!peer.isOpen) {
        // It went away while the room loaded.
        options.registry.leave(docName, peer)
        return
      }
      log.info('peer joined', { docName, connId, tokenId: actor.tokenId, role: actor.role, session: admission.sessionId?.slice(0, 12) })
      cancelExpiry = watchExpiry(admission.expiresAtMs, () => {
        options.registry.leave(docName, peer)
        closeWith(CLOSE.tokenExpired, 'token or session expired while connected')
      }).cancel
      if (admission.sessionId !== null && options.signIn) {
        // Signing out (or an admin revoking the session) closes the connection at once.
        stopWatchingSession = options.signIn.sessions.onRevoked(admission.sessionId, () => {
          options.registry.leave(docName, peer)
          closeWith(CLOSE.sessionEnded, 'session revoked')
        })
      }
      recheck = async () => {
        const refusal = await stillAdmitted(admission)
        if (refusal === null || !peer.isOpen) return false
        options.registry.leave(docName, peer)
        closeWith(refusal, 'no longer admitted (re-checked)')
        return true
      }
      rechecks.add(recheck)
      const waiting = early ?? []
      early = null
      for (const data of waiting) receive(data)
    }

    /**
     * Why a joined connection must close now, or null while its credentials still hold (or
     * storage cannot tell: it is asked again next time).
     */
    async function stillAdmitted(admission: Admission): Promise<CloseReason | null> {
      try {
        if (admission.sessionId === null) {
          const check = await options.auth.verify(request.token, request.meetingId)
          return check.ok ? null : CLOSE[check.failure]
        }
        const person = await options.signIn!.sessions.resolve(sessionCookie)
        if (!person) return CLOSE.sessionEnded
        return (await options.auth.personInvitation(person, request.meetingId)) ? null : CLOSE.tokenRevoked
      } catch (err) {
        log.warn('re-check of a connection failed; it stays', { docName, connId, err })
        return null
      }
    }

    /** The token's admission, or null after closing the connection. */
    async function admitToken(): Promise<Admission | null> {
      let check: TokenCheck
      try {
        check = await options.auth.verify(request.token, request.meetingId)
      } catch (err) {
        log.error('token lookup failed', { docName, connId, err })
        closeWith(CLOSE.storageFailure, 'token lookup failed')
        return null
      }
      if (!check.ok) {
        // Counted before the close goes out: a client that reconnects at once meets the new count.
        // A valid link of a role that must sign in is no failed credential.
        if (check.failure !== 'signInRequired') await options.limits?.failures.failed('token-check', clientAddressOf.get(ws) ?? 'unknown')
        closeWith(CLOSE[check.failure], 'token refused')
        return null
      }
      const { claims } = check
      return { actor: { tokenId: claims.tid, role: claims.role, name: claims.name, org: claims.org }, expiresAtMs: claims.exp * 1000, sessionId: null }
    }

    /**
     * The admission of a signed-in person through their invitation to the meeting (the name from
     * the ID token, verified), or null after closing: unauthorized without a valid session,
     * tokenRevoked without a valid invitation.
     */
    async function admitPerson(): Promise<Admission | null> {
      let person: PersonPrincipal | null
      let invitation
      try {
        person = await options.signIn!.sessions.resolve(sessionCookie)
        invitation = person ? await options.auth.personInvitation(person, request.meetingId) : null
      } catch (err) {
        log.error('session lookup failed', { docName, connId, err })
        closeWith(CLOSE.storageFailure, 'session lookup failed')
        return null
      }
      if (!person) {
        closeWith(CLOSE.unauthorized, 'no valid session')
        return null
      }
      if (!invitation) {
        closeWith(CLOSE.tokenRevoked, 'the signed-in person has no invitation to this meeting')
        return null
      }
      const actor = personActor(person, invitation)
      return { actor, expiresAtMs: Math.min(Date.parse(invitation.expiresAt), person.expiresAtMs), sessionId: person.sessionId }
    }
  }

  /** The client address of each connection (for counting its token failures). */
  const clientAddressOf = new WeakMap<WebSocket, string>()

  return {
    handleUpgrade(req, socket, head) {
      // Draining for shutdown: the load balancer sends the client to another node.
      if (options.isDraining?.()) return rejectUpgrade(socket, 503, 'Service Unavailable')
      const limits = options.limits
      const address = limits?.proxies.clientAddress(req) ?? unmapIPv4(req.socket.remoteAddress ?? 'unknown')
      const refuse = (status: number, text: string, reason: string, docName?: string) => {
        if (reason !== 'not-sync') log.warn('upgrade refused', { docName, reason, address })
        void limits?.failures.failed('upgrade-refused', address)
        rejectUpgrade(socket, status, text)
      }
      const upgrade = () => {
        const request = parseSyncUrl(req.url)
        if (request.kind === 'notSync') return refuse(404, 'Not Found', 'not-sync')
        if (request.kind === 'badDocName') return refuse(400, 'Bad Request', 'bad-doc-name')
        // A page on another site could otherwise open a socket with a token it got hold of.
        if (!options.origins.isAllowed(req.headers.origin, req.headers.host)) return refuse(403, 'Forbidden', 'foreign-origin', request.docName)
        const sessionCookie = options.signIn ? readCookie(req.headers, options.signIn.cookieName) : null
        wss.handleUpgrade(req, socket, head, (ws) => {
          clientAddressOf.set(ws, address)
          handleConnection(ws, request, sessionCookie)
        })
      }
      if (!limits) return upgrade()
      // Nothing else listens on the socket while the limits are looked up: a reset must not
      // become an uncaught 'error' (ws adds its own handler once it takes the socket).
      socket.on('error', () => socket.destroy())
      // Refused and failed tokens both block upgrades: the token is only checked after the upgrade.
      void limits.failures.blocked(address, 'upgrade-refused', 'token-check').then((blocked) => {
        if (!blocked) return upgrade()
        limits.failures.refused(blocked)
        const seconds = Math.ceil(blocked.retryAfterMs / 1000)
        socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${seconds}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      })
    },
    async recheckAll() {
      const all = [...rechecks]
      let closed = 0
      for (let i = 0; i < all.length; i += RECHECK_BATCH) {
        const results = await Promise.all(all.slice(i, i + RECHECK_BATCH).map((check) => check()))
        closed += results.filter(Boolean).length
      }
      return closed
    },
    async close(graceMs = 1000) {
      clearInterval(pinger)
      const open = [...wss.clients]
      await Promise.all(
        open.map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === ws.CLOSED) return resolve()
              const timer = setTimeout(() => ws.terminate(), graceMs)
              ws.once('close', () => {
                clearTimeout(timer)
                resolve()
              })
              if (ws.readyState !== ws.OPEN) return
              metrics.peerClosed(CLOSE.goingAway.code, CLOSE.goingAway.reason)
              ws.close(CLOSE.goingAway.code, CLOSE.goingAway.reason)
            }),
        ),
      )
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}

/** Calls `onExpired` when `expiresAtMs` (ms since the epoch) passes; `cancel` stops watching. */
function watchExpiry(expiresAtMs: number, onExpired: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout | null = null
  const arm = () => {
    const remainingMs = expiresAtMs - Date.now()
    if (remainingMs <= 0) return onExpired()
    timer = setTimeout(arm, Math.min(remainingMs, MAX_TIMER_MS))
    timer.unref()
  }
  arm()
  return {
    cancel() {
      if (timer) clearTimeout(timer)
    },
  }
}
