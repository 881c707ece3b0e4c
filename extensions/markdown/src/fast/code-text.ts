/** A code span's (or math's) text as micromark keeps it: line endings stay, and one space or line ending is taken off each side when both have one and something else is between. */
export function codeText(raw: string): string {
  if (raw.length > 2 && /^[ \n]/.test(raw) && /[ \n]$/.test(raw) && /[^ \n]/.test(raw)) return raw.slice(1, -1)
  return raw
}
