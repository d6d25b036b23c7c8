/*
 * Linear scales for the dashboard's bar charts, with "nice" round ticks as d3-scale's
 * `scaleLinear().nice().ticks()` makes them. A stopgap written by hand until d3-scale is a
 * dependency; charts use only `linearScale` and `niceTicks`, so swapping is one file.
 */

/** Round tick values from 0 to at least `max`, about `count` of them, whole numbers only (counts). */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1]
  const raw = max / count
  let step = 10 ** Math.floor(Math.log10(raw))
  const error = raw / step
  if (error >= Math.sqrt(50)) step *= 10
  else if (error >= Math.sqrt(10)) step *= 5
  else if (error >= Math.sqrt(2)) step *= 2
  step = Math.max(1, Math.round(step))
  const top = Math.ceil(max / step) * step
  const ticks: number[] = []
  for (let v = 0; v <= top; v += step) ticks.push(v)
  return ticks
}

/** Maps [0, domainMax] onto [from, to] linearly. */
export function linearScale(domainMax: number, [from, to]: [number, number]): (value: number) => number {
  const span = domainMax > 0 ? domainMax : 1
  return (value) => from + ((to - from) * value) / span
}
