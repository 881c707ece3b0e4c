/**
 * A post's date from front matter: `2024-03-05` (a day, read as UTC, so every
 * time zone builds the same output) or a full ISO timestamp with its offset.
 * Undefined when it is neither.
 */
export function parseDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value
  if (typeof value !== 'string') return undefined
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim())
  if (day) {
    const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])))
    return date.getUTCDate() === Number(day[3]) ? date : undefined
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value.trim())) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** `March 5, 2024`, in the site's language, in UTC. */
export function formatDate(date: Date, lang: string): string {
  try {
    return date.toLocaleDateString(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
  } catch {
    return date.toISOString().slice(0, 10)
  }
}
