import type { SheafConfig } from './config/schema.js'
import type { Extension, Preset, Theme } from './extensions/types.js'

/** Type a site's config: `export default defineConfig({ title: 'My docs' })`. */
export function defineConfig(config: SheafConfig): SheafConfig {
  return config
}

/** Type an extension: `export default defineExtension({ name, setup(app, options) { … } })`. */
export function defineExtension<Options = unknown>(extension: Extension<Options>): Extension<Options> {
  return extension
}

/** Type a theme: `export default defineTheme({ name, layouts: { page }, assets })`. */
export function defineTheme<Options = unknown>(theme: Theme<Options>): Theme<Options> {
  return theme
}

/** Type a preset, a bundle of extensions with options: `export default definePreset({ name, extensions })`. */
export function definePreset(preset: Preset): Preset {
  return preset
}
