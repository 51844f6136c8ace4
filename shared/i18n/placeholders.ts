/**
 * The placeholder names of a message in Lingui's compiled form ({name}, {n, plural, …}), sorted.
 * A compiled message is a string, or a list of strings and arguments; an argument is [name] or
 * [name, type, format], where a plural's or select's format maps each case to a message.
 */
export function placeholderNames(compiled: unknown): string[] {
  const names = new Set<string>()
  const walk = (message: unknown): void => {
    if (!Array.isArray(message)) return
    for (const part of message) {
      if (!Array.isArray(part) || typeof part[0] !== 'string') continue
      names.add(part[0])
      const cases: unknown = part[2]
      if (cases && typeof cases === 'object') Object.values(cases).forEach(walk)
    }
  }
  walk(compiled)
  return [...names].sort()
}
