import type { Role } from '../../shared/auth'
import type { SignInRolesStore } from '../persistence'

/**
 * The roles that must sign in when a meeting's admin never chose: the chair's confirmations and
 * approval and the secretary's minutes carry legal weight, so a link alone does not make someone
 * either (issue 11). Members and observers may still use links (a webinar's viewers).
 */
export const DEFAULT_SIGN_IN_ROLES: readonly Role[] = ['møteleder', 'sekretær']

/** A meeting's sign-in requirement: the roles, and whether the admin chose them (else the default). */
export interface SignInRequirement {
  readonly roles: Role[]
  readonly chosen: boolean
}

/**
 * Which roles of a meeting must sign in with the identity provider instead of using a link. Only
 * with sign-in configured (OIDC_ISSUER): without it nobody could sign in, and links are the way in.
 */
export class SignInPolicy {
  constructor(
    private readonly store: SignInRolesStore,
    /** Sign-in with an identity provider is configured. */
    readonly enabled: boolean,
  ) {}

  /** The meeting's requirement (the default when the admin never chose); none without sign-in. */
  async requirement(meetingId: string): Promise<SignInRequirement> {
    if (!this.enabled) return { roles: [], chosen: false }
    const chosen = await this.store.getSignInRoles(meetingId)
    return chosen ? { roles: chosen, chosen: true } : { roles: [...DEFAULT_SIGN_IN_ROLES], chosen: false }
  }

  /** True when a link of `role` is refused in the meeting: that role must sign in. */
  async requiresSignIn(meetingId: string, role: Role): Promise<boolean> {
    if (!this.enabled) return false
    return (await this.requirement(meetingId)).roles.includes(role)
  }
}
