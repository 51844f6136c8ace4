// The clock times of a sak as the Saksliste and the timeline print them, without ProseMirror
// (timing.ts holds the commands that set them), so the light reader can show them too.

/** True for a sak that was started and not yet ended. */
export function isRunning(timing: { readonly startedAt: string | null; readonly endedAt: string | null }): boolean {
  return timing.startedAt !== null && timing.endedAt === null
}

const pad = (n: number) => String(n).padStart(2, '0')

/** "13.07" (local time) for an ISO timestamp; '' for a bad one. */
export function formatClock(iso: string | null): string {
  if (!iso) return ''
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  return `${pad(at.getHours())}.${pad(at.getMinutes())}`
}

/** A planned start as written ("13:05" or "13.05") in the Norwegian form "13.05". */
export function formatPlanned(planned: string | null): string {
  return planned ? planned.replace(':', '.') : ''
}
