import { useId, type ReactNode } from 'react'

/**
 * A table that scrolls sideways on a phone rather than breaking the page's width; the caption
 * names it for screen readers. A captioned table's scrolling box can take the keyboard focus
 * (WCAG 2.1.1), so someone without a mouse can scroll it too.
 */
export function DataTable({ headers, caption, children }: { headers: ReactNode[]; caption?: ReactNode; children: ReactNode }) {
  const captionId = useId()
  const scrollable = caption ? { tabIndex: 0, role: 'region', 'aria-labelledby': captionId } : {}
  return (
    <div className="table-wrap" {...scrollable}>
      <table className="table">
        {caption ? <caption id={captionId}>{caption}</caption> : null}
        <thead>
          <tr>
            {headers.map((header, i) => (
              <th scope="col" key={i}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
