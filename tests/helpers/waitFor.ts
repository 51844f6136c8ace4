/**
 * Polls `condition` until it returns a truthy value (which is returned) or `timeoutMs` passes
 * (then throws with `what`). Bounded in time and in number of polls.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  const maxPolls = Math.ceil(timeoutMs / 10) + 10
  let lastError: unknown
  for (let poll = 0; poll < maxPolls; poll++) {
    try {
      const value = await condition()
      if (value) return value
    } catch (err) {
      lastError = err
    }
    if (Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`)
}

/** Resolves with the promise's value or rejects after `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)
    }),
  ])
}
