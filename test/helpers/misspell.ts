/** Deterministic typos, as people make them, for search-quality tests and benches. */

const NEIGHBOURS: Record<string, string> = {
  a: 'sqz',
  b: 'vn',
  c: 'xv',
  d: 'sf',
  e: 'wr',
  f: 'dg',
  g: 'fh',
  h: 'gj',
  i: 'uo',
  j: 'hk',
  k: 'jl',
  l: 'k',
  m: 'n',
  n: 'bm',
  o: 'ip',
  p: 'o',
  q: 'w',
  r: 'et',
  s: 'ad',
  t: 'ry',
  u: 'yi',
  v: 'cb',
  w: 'qe',
  x: 'zc',
  y: 'tu',
  z: 'x',
}

/** One typo inside a word: a dropped, doubled, swapped or neighbouring-key letter. */
export function typo(word: string, random: () => number): string {
  if (word.length < 4) return word
  const at = 1 + Math.floor(random() * (word.length - 2))
  const kind = Math.floor(random() * 4)
  const letter = word[at]!
  if (kind === 0) return word.slice(0, at) + word.slice(at + 1)
  if (kind === 1) return word.slice(0, at) + letter + word.slice(at)
  if (kind === 2) return word.slice(0, at) + word[at + 1]! + letter + word.slice(at + 2)
  const options = NEIGHBOURS[letter.toLowerCase()] ?? 'e'
  return word.slice(0, at) + options[Math.floor(random() * options.length)]! + word.slice(at + 1)
}

/**
 * A name as someone might type it from memory: one or two typos, often lower case without
 * apostrophes, sometimes without "School", sometimes with two words swapped.
 */
export function misspell(name: string, random: () => number): string {
  let words = name.split(/\s+/).filter((word) => word !== '')
  if (words.length > 2 && /^school$/i.test(words.at(-1)!) && random() < 0.3) words = words.slice(0, -1)
  const long = words.map((word, index) => ({word, index})).filter((entry) => entry.word.length >= 4)
  const typos = long.length === 0 ? 0 : random() < 0.5 ? 2 : 1
  for (let count = 0; count < typos && long.length > 0; count += 1) {
    const [chosen] = long.splice(Math.floor(random() * long.length), 1)
    words[chosen!.index] = typo(chosen!.word, random)
  }
  if (words.length > 2 && random() < 0.2) {
    const at = Math.floor(random() * (words.length - 1))
    ;[words[at], words[at + 1]] = [words[at + 1]!, words[at]!]
  }
  const text = words.join(' ')
  return random() < 0.4 ? text.toLowerCase().replace(/['’]/g, '') : text
}
