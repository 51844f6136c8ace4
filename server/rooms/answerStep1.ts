import * as Y from 'yjs'
import { log } from '../log'
import type { DocStorage } from '../persistence'
import type { PeerSocket } from './PeerSocket'
import type { RoomCommits } from './RoomCommits'
import { syncStep2Message } from './messages'

/** The encoding of an empty state vector: a client that has nothing yet. */
export const isEmptyStateVector = (sv: Uint8Array): boolean => sv.length === 1 && sv[0] === 0

/** What a sync step 1 answer needs from its room. */
export interface AnsweringRoom {
  readonly docName: string
  readonly commits: RoomCommits
  readonly storage: DocStorage
  /** True when `peer` left or the room was destroyed: nothing is sent then. */
  isGone(peer: PeerSocket): boolean
  /** How long the answer may wait for a commit before it comes from storage, in milliseconds. */
  readonly storedAnswerDelayMs: number
}

/**
 * Sends the sync step 2 `message` (answering state vector `stateVector`) once everything applied
 * so far is stored. When that takes longer than storedAnswerDelayMs (another process holds a
 * lock, the disk is slow), the peer is answered from storage instead: what is stored, never
 * anything that is not; the rest reaches it as relays after each commit (it is a peer already).
 * Whichever answer is ready first is sent, the other dropped.
 */
export function answerStep1(room: AnsweringRoom, peer: PeerSocket, stateVector: Uint8Array, message: Uint8Array): void {
  if (room.commits.allStored) return peer.send(message)
  let answered = false
  const answer = (bytes: Uint8Array) => {
    if (answered || room.isGone(peer)) return
    answered = true
    peer.send(bytes)
  }
  room.commits.afterCommit(() => answer(message))
  const timer = setTimeout(() => {
    if (answered || room.isGone(peer)) return
    storedAnswer(room, stateVector).then(
      (stored) => stored && answer(stored),
      (err: unknown) => log.warn('answering from storage failed; the answer waits for the commit', { docName: room.docName, err }),
    )
  }, room.storedAnswerDelayMs)
  timer.unref()
}

/** A sync step 2 message with what storage holds beyond `stateVector`, or null when nothing is stored. */
async function storedAnswer(room: AnsweringRoom, stateVector: Uint8Array): Promise<Uint8Array | null> {
  const stored = await room.storage.load(room.docName)
  if (!stored) return null
  const merged = stored.updates.length === 1 ? stored.updates[0] : Y.mergeUpdates(stored.updates)
  log.debug('answered a sync from storage while a commit waits', { docName: room.docName })
  return syncStep2Message(isEmptyStateVector(stateVector) ? merged : Y.diffUpdate(merged, stateVector))
}
