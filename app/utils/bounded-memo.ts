/**
 * Answers kept by key, for work a render repeats with the same inputs. Once it holds `limit`
 * answers it forgets them all at once: keys may come from URLs, and starting over is cheap.
 */
export function boundedMemo<K, V>(limit: number) {
  const kept = new Map<K, V>()
  return {
    keep(key: K, compute: () => V): V {
      if (kept.has(key)) return kept.get(key) as V
      const value = compute()
      if (kept.size >= limit) kept.clear()
      kept.set(key, value)
      return value
    },
    get size() {
      return kept.size
    },
  }
}
