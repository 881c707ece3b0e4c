export { build, BuildFailedError } from './build.js'
export type { BuildOptions, BuildResult, BuiltPage } from './build.js'
export { renderMarkdown, renderFile } from './render.js'
export type { RenderMarkdownOptions, RenderFileResult } from './render.js'
export { createSheaf } from './sheaf.js'
export { serve } from './serve/entry.js'
export type { ServeOptions, DevServer } from './serve/server.js'
export type { RebuildReport } from './serve/session.js'
export type { Sheaf, SheafOptions, ExtensionInfo } from './sheaf.js'
export { defineConfig, defineExtension, definePreset, defineTheme } from './define.js'
export { SheafError, isSheafError, errorCatalogue } from './errors.js'
export type { ErrorCode } from './errors.js'
export { ExtensionError, isExtensionError } from './extension-error.js'
export { basePathOf, relativeUrl } from './pipeline/urls.js'
export { parseDate } from './front-matter/dates.js'
export { frontMatterPlace } from './pipeline/front-matter.js'
export type { FrontMatterDate } from './front-matter/dates.js'
export type { SheafConfig, SheafConfigKeys, ResolvedConfig } from './config/schema.js'
export type { Logger } from './report/logger.js'
export type {
  App,
  AssetLink,
  AssetSpec,
  GeneratedPage,
  SiteContext,
  SiteHeading,
  SiteTransform,
  CommandContext,
  CommandHook,
  ConfigKeySpec,
  FrontMatterFieldSpec,
  SiteData,
  DefinedHook,
  DirectiveHook,
  DirectiveNode,
  EventHandler,
  GeneratedFile,
  GeneratorHook,
  HookStrategy,
  Preset,
  PresetMember,
  SheafEvents,
  Site,
  SitePage,
  StandardSchema,
  ValidationMessage,
  EnabledContext,
  Extension,
  HastTransform,
  HookContext,
  HookOrder,
  Layout,
  MdastTransform,
  OrderHints,
  Page,
  ParseContext,
  SyntaxSource,
  ParserHook,
  PluginRegistration,
  Theme,
  TransformHook,
  TransformStage,
  UnifiedPlugin,
  LazyPlugin,
} from './extensions/types.js'
