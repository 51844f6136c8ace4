export { createRequestHandler, type HttpOptions } from './createRequestHandler'
export { handleMeetingsApi, API_PREFIX } from './meetingsApi'
export { newMeetingId } from './newMeeting'
export { handleImportMeeting } from './importApi'
export { serveStatic } from './staticFiles'
export { readJsonBody, BodyError, MAX_BODY_BYTES } from './readJsonBody'
export { ApiError } from './ApiError'
export type { ApiContext, SignInContext } from './ApiContext'
export {
  parseCloseMeetingRequest,
  parseConfirmDecisionRequest,
  parseCreateFlagRequest,
  parseCreateTokenRequest,
  parseDecideFlagRequest,
  refuseForeignIdentity,
} from './parseRequests'
export { handleSignIn, safeReturnTo, AUTH_PREFIX } from './signInRoutes'
