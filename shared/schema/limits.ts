/**
 * Limits shared by server and client.
 */

/** Default cap on one WebSocket message, in bytes (the server's `MAX_MESSAGE_BYTES` overrides). */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024

/**
 * Deepest nesting of elements in the minutes fragment we accept, counting the fragment's
 * children as depth 1. The schema itself needs about 8 (a nested bullet in a narrative); the
 * limit leaves room for nested lists and stops updates built to crash recursive serializers.
 */
export const MAX_TREE_DEPTH = 32

/** Longest meeting id (also the document name), in characters. */
export const MAX_DOC_NAME_CHARS = 64

/** A document name: the meeting id. */
export const DOC_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
