// The command line of a benchmark: `--name value` options and `--name` flags.
const args = process.argv.slice(2)

/** Whether `--name` was given. */
export const flag = (name) => args.includes(`--${name}`)

/** The value after `--name`, or `fallback`. */
export const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`)
  return at === -1 ? fallback : args[at + 1]
}
