export { blogList, post } from './blog.js'
export { page } from './docs.js'
export { home } from './home.js'
