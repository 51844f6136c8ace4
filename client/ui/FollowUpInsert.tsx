import type { Editor } from '@tiptap/core'
import { useState } from 'react'
import { openActionLine } from '../../shared'
import { insertFollowUpList } from '../editor'
import { useT } from '../i18n'
import { fetchOrganActions } from './actionsApi'

/**
 * "Sett inn oppfølging av aksjonspunkter" (sekretær, møteleder): fetches the organ's open
 * aksjonspunkter from earlier meetings (those this meeting may follow up) and inserts them as a
 * list into the sak at the caret, or as a new sak "Oppfølging av aksjonspunkter". Says what it did
 * through `announce`.
 */
export function FollowUpInsertButton({ editor, organ, meetingId, token, announce }: { editor: Editor; organ: string; meetingId: string; token: string; announce: (message: string) => void }) {
  const [busy, setBusy] = useState(false)
  const t = useT()
  const insert = async () => {
    if (busy) return
    setBusy(true)
    try {
      const { items } = await fetchOrganActions(token, organ, meetingId, 'open')
      // canChange: from a meeting before this one (and the caller writes its minutes).
      const earlier = items.filter((i) => i.canChange && i.meetingId !== meetingId)
      if (earlier.length === 0) return announce(t('editor.followUp.none'))
      const lines = earlier.map((i) => openActionLine({ text: i.text, owner: i.owner, dueDate: i.dueDate, meetingNumber: i.meetingNumber, meetingDate: i.meetingDate }))
      if (editor.isDestroyed || !insertFollowUpList(lines)(editor.state, editor.view.dispatch, editor.view)) {
        return announce(t('editor.followUp.cannotInsert'))
      }
      editor.view.focus()
      announce(t('editor.followUp.inserted', { count: earlier.length }))
    } catch (err) {
      announce(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <button type="button" className="follow-up-insert" aria-disabled={busy || undefined} onMouseDown={(e) => e.preventDefault()} onClick={() => void insert()}>
      {t('editor.followUp.insert')}
    </button>
  )
}
