import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { INVITATION_FRAGMENT_KEY, ROLES } from '../../shared/auth'
import type { Invitation } from '../../shared/api'
import type { MintedToken, PersonPrincipal } from '../auth'
import { adminHistoryActor } from '../record'
import type { ApiContext } from './ApiContext'

/** A new meeting id: 16 url-safe random characters (96 bits). */
export function newMeetingId(): string {
  return randomBytes(12).toString('base64url')
}

/** `<origin>` of invitation links: PUBLIC_URL, else the request's Host over http. */
export function linkOrigin(req: IncomingMessage, ctx: ApiContext): string {
  if (ctx.publicUrl) return ctx.publicUrl
  const host = req.headers.host ?? ''
  return /^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? `http://${host}` : 'http://localhost'
}

/** A minted token as the invitation the admin hands out: the token and the link carrying it. */
export function toInvitation(minted: MintedToken, origin: string): Invitation {
  const { claims, record, token } = minted
  return {
    tokenId: claims.tid,
    role: claims.role,
    name: claims.name,
    org: claims.org,
    url: `${origin}/m/${claims.mid}#${INVITATION_FRAGMENT_KEY}=${token}`,
    token,
    expiresAt: record.expiresAt,
  }
}

/**
 * One new role invitation per role (ROLES order) for a meeting just created by `admin` (the
 * signed-in admin, or null for the admin credential); the history starts with the meeting's
 * creation and these tokens.
 */
export async function roleInvitations(req: IncomingMessage, ctx: ApiContext, meetingId: string, admin: PersonPrincipal | null): Promise<Invitation[]> {
  const origin = linkOrigin(req, ctx)
  const actor = adminHistoryActor(admin)
  void ctx.history?.record(meetingId, actor, 'meeting-created', {})
  const invitations: Invitation[] = []
  for (const role of ROLES) {
    const minted = await ctx.auth.mint({ meetingId, role, name: null, org: null })
    const expiresAt = new Date(minted.claims.exp * 1000).toISOString()
    void ctx.history?.record(meetingId, actor, 'token-minted', { tokenId: minted.claims.tid, role, name: null, expiresAt })
    invitations.push(toInvitation(minted, origin))
  }
  return invitations
}
