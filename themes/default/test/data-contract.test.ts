import { describe, expectTypeOf, it } from 'vitest'
import type { BlogListData, BlogPostData } from '../../../extensions/blog/src/index.js'
import type { TocEntry } from '../../../extensions/headings/src/index.js'
import type { NavData } from '../../../extensions/nav/src/index.js'
import type * as Theme from '../src/data.js'

// Checked by the type checker (`npm test` runs `tsc -p test` first): the theme declares the shapes it reads
// instead of importing the extensions' types, and these say the extensions still write what it reads.
describe("the theme's data contract", () => {
  it("fits what @sheaf/nav, @sheaf/headings and @sheaf/blog write", () => {
    expectTypeOf<NavData>().toExtend<Theme.NavData>()
    expectTypeOf<TocEntry>().toExtend<Theme.TocEntry>()
    expectTypeOf<BlogPostData>().toExtend<Theme.BlogPostData>()
    expectTypeOf<BlogListData>().toExtend<Theme.BlogListData>()
  })
})
