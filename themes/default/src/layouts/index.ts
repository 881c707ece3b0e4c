export { blogList, post } from './blog.js'
export { page } from './docs.js'
