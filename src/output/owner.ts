import { readFileSync } from 'node:fs'

/**
 * When a process started, in clock ticks since boot (Linux's `/proc`), so a
 * process id that was given to another process since is not mistaken for
 * the one that wrote something; empty where there is no `/proc`.
 */
function startOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may hold spaces; the start time is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? ''
  } catch {
    return ''
  }
}

/** This process, as named in the folders and files it leaves beside the output folder while it builds: `PID` or `PID.START`. */
export function ownerTag(): string {
  const start = startOf(process.pid)
  return start === '' ? String(process.pid) : `${process.pid}.${start}`
}

/** Whether the process a tag names is still running; a tag that names none (or is damaged) is not. */
export function ownerAlive(tag: string): boolean {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(tag)
  if (!match) return false
  const pid = Number(match[1])
  if (pid <= 0) return false
  if (pid === process.pid) return match[2] === undefined || match[2] === startOf(pid)
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const start = startOf(pid)
  return match[2] === undefined || start === '' || start === match[2]
}
