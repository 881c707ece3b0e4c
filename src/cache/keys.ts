/** Bumped whenever what the cache holds changes shape: older entries are then ignored. */
export const cacheFormat = 7
