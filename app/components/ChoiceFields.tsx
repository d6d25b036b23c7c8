import { FieldError } from './FieldError'

type Option = { value: string; label: string }

/** A labelled select with its error, in the same order as TextField. */
export function SelectField({
  name,
  label,
  options,
  defaultValue,
  error,
  hint,
}: {
  name: string
  label: string
  options: Option[]
  defaultValue?: string
  error?: string
  hint?: string
}) {
  const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={name}>{error}</FieldError>
      <select
        id={name}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Radio buttons or checkboxes in a fieldset; the first option is where the error summary links. */
export function ChoiceGroup({
  name,
  legend,
  options,
  type,
  checked,
  error,
}: {
  name: string
  legend: string
  options: Option[]
  type: 'radio' | 'checkbox'
  checked: string[]
  error?: string
}) {
  return (
    <fieldset className="field" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      <FieldError id={name}>{error}</FieldError>
      <div className="radios">
        {options.map((o, i) => (
          <div className={type === 'radio' ? 'radio' : 'checkbox'} key={o.value}>
            <input
              type={type}
              id={i === 0 ? name : `${name}-${o.value}`}
              name={name}
              value={o.value}
              defaultChecked={checked.includes(o.value)}
              aria-invalid={error ? true : undefined}
            />
            <label htmlFor={i === 0 ? name : `${name}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  )
}
