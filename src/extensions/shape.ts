import { SheafError } from '../errors.js'
import type { Extension, Preset } from './types.js'

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

const isNameList = (value: unknown): boolean => Array.isArray(value) && value.every((v) => typeof v === 'string')

/** A preset has members and no `setup`. */
export function isPreset(value: unknown): boolean {
  return isObject(value) && typeof value.setup !== 'function' && (Array.isArray(value.extensions) || Array.isArray(value.presets))
}

/** Check that a value is an extension; the message names what is wrong and where it came from. */
export function checkExtension(value: unknown, where: string): Extension {
  const fail = (problem: string): never => {
    throw new SheafError('EXTENSION_INVALID', `${where} ${problem}.`)
  }
  if (!isObject(value)) fail(`does not export an extension (got ${value === null ? 'null' : typeof value})`)
  const ext = value as Record<string, unknown>
  if (typeof ext.name !== 'string' || ext.name.trim() === '') fail('exports an extension without a `name`')
  const name = ext.name as string
  if (typeof ext.setup !== 'function') fail(`exports extension "${name}" without a \`setup(app, options)\` function`)
  if (ext.version !== undefined && typeof ext.version !== 'string') fail(`exports extension "${name}" whose \`version\` is not a string`)
  if (ext.parallelSafe !== undefined && typeof ext.parallelSafe !== 'boolean') fail(`exports extension "${name}" whose \`parallelSafe\` is not true or false`)
  for (const key of ['enabled', 'validate', 'cacheKey'] as const) {
    if (ext[key] !== undefined && typeof ext[key] !== 'function') fail(`exports extension "${name}" whose \`${key}\` is not a function`)
  }
  for (const key of ['before', 'after'] as const) {
    if (ext[key] !== undefined && !isNameList(ext[key])) fail(`exports extension "${name}" whose \`${key}\` is not a list of extension names`)
  }
  if (ext.requires !== undefined && (!isObject(ext.requires) || Object.values(ext.requires).some((range) => typeof range !== 'string'))) {
    fail(`exports extension "${name}" whose \`requires\` is not a map of extension names to version ranges`)
  }
  return value as unknown as Extension
}

export function checkPreset(value: unknown, where: string): Preset {
  const fail = (problem: string): never => {
    throw new SheafError('EXTENSION_INVALID', `${where} ${problem}.`)
  }
  const preset = value as Record<string, unknown>
  if (typeof preset.name !== 'string' || !preset.name) fail('exports a preset without a `name`')
  if (preset.extensions !== undefined && !Array.isArray(preset.extensions)) fail(`exports preset "${preset.name}" whose \`extensions\` is not a list`)
  if (preset.presets !== undefined && !Array.isArray(preset.presets)) fail(`exports preset "${preset.name}" whose \`presets\` is not a list`)
  if (preset.options !== undefined && !isObject(preset.options)) fail(`exports preset "${preset.name}" whose \`options\` is not a map of extension names to options`)
  return value as unknown as Preset
}
