/** A front matter date: the instant it names, and the calendar day as written (midnight UTC of that day). */
export interface FrontMatterDate {
  /** The instant, for ordering and feeds. */
  at: Date
  /** The day as the author wrote it, whatever its offset: what the post shows and the archive groups it by. */
  day: Date
}

const dayOf = (year: number, month: number, date: number): Date | undefined => {
  const day = new Date(Date.UTC(year, month - 1, date))
  return day.getUTCFullYear() === year && day.getUTCMonth() === month - 1 && day.getUTCDate() === date ? day : undefined
}

/**
 * A date from front matter (`date`, and the fields extensions declare as dates): `2024-03-05` (a day) or a full ISO
 * timestamp with its offset (`2024-03-05T23:30:00-08:00`, or `Z`). A time
 * without an offset is refused, as it would mean another instant in every time
 * zone; so nothing here depends on the zone the site is built in. Undefined
 * when it is neither.
 */
export function parseDate(value: unknown): FrontMatterDate | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined
    return { at: value, day: dayOf(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate())! }
  }
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  const written = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(text)
  if (!written) return undefined
  const day = dayOf(Number(written[1]), Number(written[2]), Number(written[3]))
  if (!day) return undefined
  if (written[4] === undefined) return { at: day, day }
  const at = new Date(text)
  return Number.isNaN(at.getTime()) ? undefined : { at, day }
}
