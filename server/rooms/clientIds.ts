import * as Y from 'yjs'
import { CLOSE, ProtocolError } from '../../shared/protocol'

/**
 * The Yjs client ids an update writes new structs under: the clients whose last clock in the
 * update reaches beyond what `doc` holds of them. Structs `doc` has already are ignored (a client
 * re-sending what it received). Throws ProtocolError(updateRejected) when the update cannot be
 * decoded.
 */
export function newClientIds(doc: Y.Doc, update: Uint8Array): number[] {
  let to: Map<number, number>
  try {
    to = Y.parseUpdateMeta(update).to
  } catch (err) {
    throw new ProtocolError(CLOSE.updateRejected, `undecodable update: ${err instanceof Error ? err.message : String(err)}`)
  }
  const ids: number[] = []
  for (const [client, clock] of to) if (clock > Y.getState(doc.store, client)) ids.push(client)
  return ids
}

/** What a writer's update needs before it may be applied (see ClientIdOwners.check). */
export type ClientIdCheck =
  | { readonly kind: 'ok' }
  /** A client id someone else owns (or the server's own). */
  | { readonly kind: 'taken'; readonly clientId: number }
  /** Client ids nobody owns yet: claim them in storage first. */
  | { readonly kind: 'unclaimed'; readonly clientIds: number[] }

/**
 * Which Yjs client ids of one document belong to whom. A client id belongs to the owner (a token
 * id) whose connection first wrote under it, or announced it as its presence id; it is bound in
 * storage (DocStorage.claimClientIds) before anything written under it is applied, so the binding
 * survives a restart and holds across nodes. Two Y.Docs writing under one client id would produce
 * different structs with the same ids, and Yjs keeps whichever arrives first: the other writer's
 * later text would vanish for everyone. This is a cache of the stored bindings: they never change.
 */
export class ClientIdOwners {
  constructor(private readonly owners: Map<number, string> = new Map()) {}

  get(clientId: number): string | undefined {
    return this.owners.get(clientId)
  }

  /** Records bindings read from (or just written to) storage. */
  record(owners: ReadonlyMap<number, string>): void {
    for (const [id, owner] of owners) this.owners.set(id, owner)
  }

  /**
   * May `owner` apply `update` to `doc`? Every client id the update writes new structs under must
   * be bound to `owner`; `serverClientId` (the room's own, used for its repairs) belongs to nobody
   * else. Throws ProtocolError(updateRejected) for an undecodable update.
   */
  check(doc: Y.Doc, update: Uint8Array, owner: string, serverClientId: number): ClientIdCheck {
    const unclaimed: number[] = []
    for (const id of newClientIds(doc, update)) {
      if (id === serverClientId) return { kind: 'taken', clientId: id }
      const bound = this.owners.get(id)
      if (bound === undefined) unclaimed.push(id)
      else if (bound !== owner) return { kind: 'taken', clientId: id }
    }
    return unclaimed.length > 0 ? { kind: 'unclaimed', clientIds: unclaimed } : { kind: 'ok' }
  }
}
