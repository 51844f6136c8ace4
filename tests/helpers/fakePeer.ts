import * as decoding from 'lib0/decoding'
import type { PeerSocket } from '../../server/rooms'

/** A PeerSocket that records what the Room sends it (unit tests). */
export class FakePeer implements PeerSocket {
  readonly sent: Uint8Array[] = []
  closedWith: { code: number; reason: string } | null = null

  get isOpen(): boolean {
    return this.closedWith === null
  }

  send(data: Uint8Array): void {
    if (this.isOpen) this.sent.push(data)
  }

  close(code: number, reason: string): void {
    this.closedWith ??= { code, reason }
  }

  /** Messages of the given top-level type. */
  ofType(type: number): Uint8Array[] {
    return this.sent.filter((m) => decoding.readVarUint(decoding.createDecoder(m)) === type)
  }
}
