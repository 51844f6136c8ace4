import { useState } from 'react'

/** The message to show for a failed request or action (ApiError messages are in the interface language). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * A form's submit cycle: `run(action)` ignores a second submit while one is under way, clears the
 * error, and shows the action's failure as `error`. `setError` is for the form's own checks.
 */
export function useSubmit(): {
  busy: boolean
  error: string | null
  setError: (message: string | null) => void
  run: (action: () => Promise<void>) => Promise<void>
} {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (action: () => Promise<void>) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, setError, run }
}
