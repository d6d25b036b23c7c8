import { describe, expect, it } from 'vitest'
import { linearScale, niceTicks } from '~/utils/chart-scale'

describe('the dashboard charts’ scales', () => {
  it('give round whole-number ticks that reach past the largest count', () => {
    expect(niceTicks(0)).toEqual([0, 1])
    expect(niceTicks(3)).toEqual([0, 1, 2, 3])
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40])
    expect(niceTicks(1234)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400])
  })

  it('map counts onto pixels, bottom to top', () => {
    const y = linearScale(40, [200, 0])
    expect([y(0), y(20), y(40)]).toEqual([200, 100, 0])
  })
})
