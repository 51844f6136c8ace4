/**
 * Version of the minutes schema. Bump it on any incompatible change (a renamed node, a narrower
 * content expression). Clients send it on connect (`?v=`) and the server refuses older ones.
 * 2: agenda items gained `prefix` and `plannedEnd`, and `caseType` became free text (issue 13); a
 * version-1 client would drop the new attributes when it edits a sak, so it is refused.
 * 3: aksjonspunkter gained a stable `id` (issue 15); a version-2 client would drop it.
 */
export const SCHEMA_VERSION = 3
