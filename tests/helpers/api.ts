import type { MeetingSummary } from '../../shared/minutes'

/** Creates a meeting through `POST /api/meetings` and returns it (throws on a non-201). */
export async function createMeeting(baseUrl: string, fields: Record<string, unknown> = {}): Promise<MeetingSummary> {
  const res = await fetch(`${baseUrl}/api/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organ: 'Styret', title: 'Styremøte', date: '2024-03-01', ...fields }),
  })
  if (res.status !== 201) throw new Error(`POST /api/meetings: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { meeting: MeetingSummary }).meeting
}
