import type { IncomingMessage } from 'node:http'
import { ApiError } from './ApiError'
import { BodyError, readJsonBody } from './readJsonBody'

/** Reads a JSON body (see readJsonBody); a BodyError becomes an ApiError with its status. */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  try {
    return await readJsonBody(req)
  } catch (err) {
    if (err instanceof BodyError) throw ApiError.of(err.status, err.detail, err.message)
    throw err
  }
}
