import { SAK_FRAGMENT_KEY } from '../../shared'

/** The sak id a link asks for (`#sak=<id>`, beside a `token=` or not), or null. Editor-free: the light reader uses it too. */
export function sakFromFragment(hash: string): string | null {
  return new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash).get(SAK_FRAGMENT_KEY) || null
}
