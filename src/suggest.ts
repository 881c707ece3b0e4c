import { distance } from 'fastest-levenshtein'

/**
 * The candidate nearest to `name`, if it is near enough to be a likely typo
 * (an edit distance of at most a third of the longer word, rounded up).
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  if (best === undefined) return undefined
  const limit = Math.max(1, Math.ceil(Math.max(name.length, best.length) / 3))
  return bestDistance <= limit ? best : undefined
}

/** ` Did you mean \`x\`?` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = nearest(name, candidates)
  return match === undefined ? '' : ` Did you mean \`${match}\`?`
}
