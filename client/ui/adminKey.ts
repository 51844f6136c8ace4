/**
 * The installation's admin credential, as typed in on the admin page. Kept in localStorage so
 * invitation links opened in a new tab still find the admin page logged in; "Logg ut" forgets it.
 */
const STORAGE_KEY = 'referat-admin-key'

export function loadAdminKey(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

export function saveAdminKey(key: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, key)
  } catch {
    // Without storage the admin logs in again next visit.
  }
}

export function forgetAdminKey(): void {
  try {
    localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Nothing stored.
  }
}
