/**
 * Answers kept by key, for work a render repeats with the same inputs. Once they weigh `limit`
 * (each weighs 1 unless `weigh` says otherwise) it forgets them all at once: keys may come from
 * URLs, and starting over is cheap. An answer heavier than `maxEach` is given but not kept.
 */
export function boundedMemo<K, V>(
  limit: number,
  { weigh = () => 1, maxEach = Infinity }: { weigh?: (key: K, value: V) => number; maxEach?: number } = {},
) {
  const kept = new Map<K, V>()
  let weight = 0
  return {
    keep(key: K, compute: () => V): V {
      if (kept.has(key)) return kept.get(key) as V
      const value = compute()
      const own = weigh(key, value)
      if (own > maxEach) return value
      if (weight + own > limit) {
        kept.clear()
        weight = 0
      }
      kept.set(key, value)
      weight += own
      return value
    },
    get size() {
      return kept.size
    },
  }
}
