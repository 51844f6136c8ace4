import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readMeetingLanguage } from '../../../../client/sync/meetingLanguage'
import { MEETING_LANGUAGE_KEY, REGISTER_MAPS } from '../../../../shared/register/register'

describe('readMeetingLanguage', () => {
  it("reads the register's language, bokmål when it is absent or not a language", () => {
    const doc = new Y.Doc()
    expect(readMeetingLanguage(doc)).toBe('nb')
    const meeting = doc.getMap(REGISTER_MAPS.meeting)
    meeting.set(MEETING_LANGUAGE_KEY, 'nn')
    expect(readMeetingLanguage(doc)).toBe('nn')
    meeting.set(MEETING_LANGUAGE_KEY, 'en')
    expect(readMeetingLanguage(doc)).toBe('en')
    meeting.set(MEETING_LANGUAGE_KEY, 'de')
    expect(readMeetingLanguage(doc)).toBe('nb')
  })
})
