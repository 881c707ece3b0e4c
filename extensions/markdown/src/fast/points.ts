import type { Point, Position } from 'unist'

/** Turns source offsets into unist points (line, column, offset), as micromark counts them. */
export class Points {
  private readonly starts: number[] = [0]

  constructor(source: string) {
    let at = source.indexOf('\n')
    while (at !== -1) {
      this.starts.push(at + 1)
      at = source.indexOf('\n', at + 1)
    }
  }

  point(offset: number): Point {
    const starts = this.starts
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return { line: low + 1, column: offset - starts[low]! + 1, offset }
  }

  position(start: number, end: number): Position {
    return { start: this.point(start), end: this.point(end) }
  }
}
