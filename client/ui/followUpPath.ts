/** The organ of `/o/<organ>/oppfolging` (URL-encoded), or null for any other path. */
export function organFromPath(path: string): string | null {
  const raw = /^\/o\/([^/]+)\/oppfolging\/?$/.exec(path)?.[1]
  if (!raw) return null
  try {
    return decodeURIComponent(raw)
  } catch {
    return null
  }
}

/** The path of an organ's follow-up list, opened from `meetingId` (its token is the credential) or by the admin (null). */
export const followUpPath = (organ: string, meetingId: string | null) =>
  `/o/${encodeURIComponent(organ)}/oppfolging${meetingId ? `?meeting=${encodeURIComponent(meetingId)}` : ''}`
