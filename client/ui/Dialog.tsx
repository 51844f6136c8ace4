import { useEffect, useRef, type ReactNode } from 'react'

/**
 * A modal native <dialog>: focus moves into it, Esc closes it (unless `dismissible` is false)
 * and focus returns to where it was when the dialog opened.
 */
export function Dialog({
  open,
  onClose,
  labelledBy,
  dismissible = true,
  className,
  children,
}: {
  open: boolean
  onClose: () => void
  labelledBy: string
  dismissible?: boolean
  className?: string
  children: ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const returnFocusTo = useRef<HTMLElement | null>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      returnFocusTo.current = document.activeElement as HTMLElement | null
      dialog.showModal()
    }
    if (!open && dialog.open) {
      dialog.close()
    }
    if (!open && returnFocusTo.current) {
      const target = returnFocusTo.current
      returnFocusTo.current = null
      // The editor may have re-rendered meanwhile; only refocus what is still in the page.
      if (target.isConnected) target.focus()
    }
  }, [open])

  return (
    <dialog
      ref={ref}
      className={className}
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault()
        if (dismissible) onClose()
      }}
    >
      {children}
    </dialog>
  )
}
