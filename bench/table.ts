import { readResults } from './support/results.js'
import { markdownTable } from './support/tables.js'

/** Prints the latest figures from bench/results as the README's markdown table (`npm run bench:table`). */
console.log(markdownTable(await readResults()))
