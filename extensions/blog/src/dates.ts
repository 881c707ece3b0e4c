/** `March 5, 2024`, in the site's language: the day as written. */
export function formatDate(day: Date, lang: string): string {
  try {
    return day.toLocaleDateString(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
  } catch {
    return day.toISOString().slice(0, 10)
  }
}
