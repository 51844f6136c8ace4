import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * Message types on the sync socket. 0 and 1 are the standard y-websocket protocol; `saved` is
 * our extension, sent only to clients that ask for it with the `saved=1` query parameter, so
 * the stock WebsocketProvider never receives a message it does not know.
 */
export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Server → client: a snapshot (state vector + delete set) of what is durably stored. */
  saved: 100,
} as const

/** Query parameter a client sets to `1` to receive `saved` messages. */
export const SAVED_PARAM = 'saved'
/** Query parameter carrying the client's SCHEMA_VERSION. */
export const VERSION_PARAM = 'v'

/**
 * Encodes a `saved` message: the encoded Y.Snapshot (`Y.encodeSnapshot`) of the server's
 * document at a moment when all of it was on disk.
 */
export function encodeSavedMessage(encodedSnapshot: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.saved)
  encoding.writeVarUint8Array(encoder, encodedSnapshot)
  return encoding.toUint8Array(encoder)
}

/**
 * Decodes the body of a `saved` message (after the message type has been read).
 * Throws on truncated input.
 */
export function readSavedMessage(decoder: decoding.Decoder): Uint8Array {
  return decoding.readVarUint8Array(decoder)
}
