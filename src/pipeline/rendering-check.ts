import type { SiteIndex } from '../site/site-index.js'
import { lookupAnswer, readsCurrent, ViewCheck, type SiteReads, type SiteView } from '../site/site-reads.js'
import { fileDigests, inputsCurrent, type InputRecord } from './dependencies.js'

/** No copied files and no drafts: what a site index without link targets answers. */
const noTargets = { files: new Set<string>() }

/**
 * Whether a page's last rendering still holds against the site as it is now:
 * every lookup it made answers the same, every extension whose site transforms
 * or layout it used sees the same fields of pages (`last`, the view the
 * renderings were made against), and every file and variable its hooks read
 * reads the same. The one rule warm builds and `serve` both decide by; each
 * checks first that the document itself is the one rendered. Files are hashed
 * and views compared once per check, however many pages ask.
 */
export class RenderingCheck {
  private readonly view: ViewCheck
  private readonly digests = fileDigests()
  /** What each lookup answers now: pages share most of theirs (navigation, links to the same pages). */
  private readonly answers = new Map<string, string>()
  private readonly answerOf = (key: string): string => {
    let answer = this.answers.get(key)
    if (answer === undefined) this.answers.set(key, (answer = lookupAnswer(this.site, key, this.site.targets ?? noTargets)))
    return answer
  }

  constructor(
    private readonly site: SiteIndex,
    last: SiteView | undefined,
    private readonly config: Readonly<Record<string, unknown>>,
  ) {
    this.view = new ViewCheck(site, last)
  }

  current(rendering: { reads: SiteReads; inputs: InputRecord }): boolean {
    return readsCurrent(rendering.reads, this.answerOf, this.view) && inputsCurrent(rendering.inputs, this.config, this.digests)
  }
}
