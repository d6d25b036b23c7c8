import type { InputHTMLAttributes } from 'react'
import { FieldError, fieldErrorProps } from './FieldError'

type Props = {
  name: string
  label: string
  hint?: string
  error?: string
  defaultValue?: string
  /** A textarea with this many rows instead of a one-line input. */
  rows?: number
} & Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'autoComplete' | 'spellCheck'>

/** Label, hint, error and field in the GOV.UK order, tied together for screen readers. */
export function TextField({ name, label, hint, error, defaultValue, rows, ...input }: Props) {
  const hintId = hint ? `${name}-hint` : undefined
  const field = fieldErrorProps(name, error, hintId)
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldError id={name}>{error}</FieldError>
      {rows ? (
        <textarea name={name} rows={rows} defaultValue={defaultValue} {...field} />
      ) : (
        <input type="text" name={name} defaultValue={defaultValue} {...input} {...field} />
      )}
    </div>
  )
}
