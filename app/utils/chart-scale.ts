import { scaleLinear } from 'd3-scale'

/*
 * Linear scales for the dashboard's bar charts, from d3-scale (the well-kept scale library
 * most charting code is built on): "nice" round ticks, and values mapped onto pixels.
 */

/** Round tick values from 0 to at least `max`, about `count` of them, whole numbers only (counts). */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1]
  const ticks = scaleLinear().domain([0, max]).nice(count).ticks(count).filter(Number.isInteger)
  // Counts below `count` would give halves; the whole numbers up to the rounded top remain.
  return ticks[ticks.length - 1]! >= max ? ticks : [...ticks, Math.ceil(max)]
}

/** Maps [0, domainMax] onto [from, to] linearly. */
export function linearScale(domainMax: number, [from, to]: [number, number]): (value: number) => number {
  const scale = scaleLinear()
    .domain([0, domainMax > 0 ? domainMax : 1])
    .range([from, to])
  return (value) => scale(value)
}
