/**
 * Version of the minutes schema. Bump it on any incompatible change (a renamed node, a narrower
 * content expression). Clients send it on connect (`?v=`) and the server refuses older ones.
 */
export const SCHEMA_VERSION = 1
