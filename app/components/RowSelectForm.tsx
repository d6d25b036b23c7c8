import { Form } from '@remix-run/react'

/**
 * A table row's own small form: one choice and a button. A screen reader hears which row both
 * belong to, so a column of identical buttons is told apart.
 */
export function RowSelectForm({
  fields,
  select,
  label,
  button,
  row,
}: {
  /** The hidden fields that say what the form is about: its intent, the row's id. */
  fields: Record<string, string | number>
  select: { id: string; name: string; defaultValue?: string; options: { value: string | number; label: string }[] }
  label: string
  button: string
  /** The row's name, read after the button's text. */
  row: string
}) {
  return (
    <Form method="post" className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor={select.id} className="visually-hidden">
        {label}
      </label>
      <select id={select.id} name={select.name} defaultValue={select.defaultValue}>
        {select.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary">
        {button}
        <span className="visually-hidden">: {row}</span>
      </button>
    </Form>
  )
}
