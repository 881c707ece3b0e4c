/**
 * An inline extension (config file text) whose transform never returns on a
 * document with `spin: true` in its front matter: work that never finishes,
 * for tests of time limits, which must not depend on how fast the machine is.
 */
export const spinning = "{ name: 'spin', setup(app) { app.addTransform({ name: 'spin', stage: 'mdast', run(tree, file) { if (file.data.matter.spin) for (;;) {} } }) } }"
