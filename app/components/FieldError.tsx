import { useEffect, useRef, type ReactNode } from 'react'

/** Props that tie a field to its error message, for screen readers too. */
export function fieldErrorProps(id: string, error: string | undefined, hintId?: string) {
  const describedBy = [hintId, error ? `${id}-error` : undefined].filter(Boolean).join(' ')
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const
}

export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  if (!children) return null
  return (
    <p id={`${id}-error`} className="field-error">
      {children}
    </p>
  )
}

/**
 * "E-mail: Zadejte e-mail…": a label that is a sentence (the consent) loses its full stop first;
 * a question ("Co využijete ve své práci?") keeps its mark and takes no colon after it.
 */
export function summaryLine(label: string, message: string | undefined): string {
  const trimmed = label.trim()
  if (/[?!…]$/.test(trimmed)) return `${trimmed} ${message ?? ''}`
  return `${trimmed.replace(/[.:]+$/, '')}: ${message ?? ''}`
}

export function ErrorSummary({ title, errors }: { title: string; errors: { field: string; message: string }[] }) {
  const ref = useRef<HTMLDivElement>(null)
  const key = errors.map((e) => `${e.field}:${e.message}`).join('|')
  // GOV.UK pattern: after a failed submit, focus goes to the summary, which lists the errors
  // and links to each field.
  useEffect(() => {
    if (key) ref.current?.focus()
  }, [key])
  if (errors.length === 0) return null
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  )
}
