/** Every case of cmark's pathological tests: its name, cmark's size, and the input at size n. */
export declare const cases: ReadonlyArray<{ name: string; full: number; make(n: number): string }>
