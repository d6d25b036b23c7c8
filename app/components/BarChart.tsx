import { linearScale, niceTicks } from '~/utils/chart-scale'

/*
 * A grouped bar chart as server-rendered SVG: no JavaScript, scales with the page. It is one
 * image to assistive technology (role="img", named by its <title> and described by its
 * <desc>); the numbers themselves are in the table the page puts beside every chart.
 */

export type BarChartProps = {
  id: string
  title: string
  desc: string
  /** The series' names, for the legend (one colour each, two at most). */
  series: string[]
  categories: { label: string; values: number[] }[]
  orientation: 'vertical' | 'horizontal'
  /** How numbers are written (the visitor's language). */
  format: (value: number) => string
}

const WIDTH = 640

export function BarChart(props: BarChartProps) {
  const { id, title, desc } = props
  const chart = props.orientation === 'vertical' ? verticalBars(props) : horizontalBars(props)
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${chart.height}`}
        className="chart__svg"
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        <Legend series={props.series} />
        {chart.body}
      </svg>
    </figure>
  )
}

function Legend({ series }: { series: string[] }) {
  // Each entry starts after the names before it (about 8 units a letter).
  const starts = series.map((_, i) => series.slice(0, i).reduce((x, name) => x + 28 + name.length * 8, 0))
  return (
    <g className="chart__legend">
      {series.map((name, i) => {
        const at = starts[i]!
        return (
          <g key={name} transform={`translate(${at}, 4)`}>
            <rect width="14" height="14" className={`chart__bar chart__bar--${i}`} />
            <text x="20" y="12">
              {name}
            </text>
          </g>
        )
      })}
    </g>
  )
}

function maxOf(categories: BarChartProps['categories']): number {
  return Math.max(0, ...categories.flatMap((c) => c.values))
}

function verticalBars({ categories, series, format }: BarChartProps) {
  const height = 300
  const margin = { top: 32, right: 8, bottom: 40, left: 48 }
  const ticks = niceTicks(maxOf(categories))
  const y = linearScale(ticks[ticks.length - 1]!, [height - margin.bottom, margin.top])
  const band = (WIDTH - margin.left - margin.right) / Math.max(1, categories.length)
  const barWidth = (band * 0.8) / Math.max(1, series.length)
  // At most about twelve labels under the axis; the table names every month.
  const labelEvery = Math.ceil(categories.length / 12)
  return {
    height,
    body: (
      <>
        {ticks.map((tick) => (
          <g key={tick} className="chart__grid">
            <line x1={margin.left} x2={WIDTH - margin.right} y1={y(tick)} y2={y(tick)} />
            <text x={margin.left - 6} y={y(tick) + 4} textAnchor="end">
              {format(tick)}
            </text>
          </g>
        ))}
        {categories.map((category, i) => {
          const x0 = margin.left + i * band + band * 0.1
          return (
            <g key={category.label}>
              {category.values.map((value, s) => (
                <rect
                  key={s}
                  className={`chart__bar chart__bar--${s}`}
                  x={x0 + s * barWidth}
                  y={y(value)}
                  width={Math.max(1, barWidth - 1)}
                  height={y(0) - y(value)}
                />
              ))}
              {i % labelEvery === 0 ? (
                <text x={margin.left + i * band + band / 2} y={height - margin.bottom + 16} textAnchor="middle">
                  {category.label}
                </text>
              ) : null}
            </g>
          )
        })}
        <line className="chart__axis" x1={margin.left} x2={WIDTH - margin.right} y1={y(0)} y2={y(0)} />
      </>
    ),
  }
}

function horizontalBars({ categories, series, format }: BarChartProps) {
  const margin = { top: 32, right: 48, bottom: 8, left: 220 }
  const rowHeight = 14 * series.length + 12
  const height = margin.top + margin.bottom + rowHeight * Math.max(1, categories.length)
  const ticks = niceTicks(maxOf(categories))
  const x = linearScale(ticks[ticks.length - 1]!, [margin.left, WIDTH - margin.right])
  return {
    height,
    body: (
      <>
        {ticks.map((tick) => (
          <line key={tick} className="chart__grid" x1={x(tick)} x2={x(tick)} y1={margin.top} y2={height - margin.bottom} />
        ))}
        {categories.map((category, i) => {
          const y0 = margin.top + i * rowHeight + 6
          return (
            <g key={category.label}>
              <text x={margin.left - 8} y={y0 + (14 * series.length) / 2 + 4} textAnchor="end">
                {category.label}
              </text>
              {category.values.map((value, s) => (
                <g key={s}>
                  <rect
                    className={`chart__bar chart__bar--${s}`}
                    x={x(0)}
                    y={y0 + s * 14}
                    width={Math.max(value > 0 ? 1 : 0, x(value) - x(0))}
                    height="12"
                  />
                  <text x={x(value) + 4} y={y0 + s * 14 + 10} className="chart__value">
                    {format(value)}
                  </text>
                </g>
              ))}
            </g>
          )
        })}
        <line className="chart__axis" x1={x(0)} x2={x(0)} y1={margin.top} y2={height - margin.bottom} />
      </>
    ),
  }
}
