import type { ReactNode } from 'react'

/** A table that scrolls sideways on a phone rather than breaking the page's width; the caption names it for screen readers. */
export function DataTable({ headers, caption, children }: { headers: ReactNode[]; caption?: ReactNode; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table">
        {caption ? <caption>{caption}</caption> : null}
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
