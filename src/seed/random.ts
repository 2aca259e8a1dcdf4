import { base, en, en_GB, Faker, generateMersenne53Randomizer, type Randomizer } from '@faker-js/faker'

/**
 * Every random choice of the synthetic data comes from one seeded faker (en_GB) per stream, so a seed and a stream
 * name give the same data on every run and machine. Streams are independent: one per authority, so each authority
 * can be generated on its own and streamed to the database.
 */
export class Random {
  readonly faker: Faker
  // Faker's own Mersenne Twister, drawn from directly for plain numbers: faker.number.float() validates its options on
  // every call, which costs more than the draw itself over millions of children.
  private readonly randomizer: Randomizer

  constructor(seed: number, stream: string) {
    this.randomizer = generateMersenne53Randomizer()
    this.faker = new Faker({ locale: [en_GB, en, base], randomizer: this.randomizer })
    this.faker.seed([seed, ...hashWords(stream)])
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.randomizer.next()
  }

  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.float() < probability
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new RangeError('Nothing to pick from')
    return values[Math.floor(this.float() * values.length)]!
  }

  /** A version 4 UUID drawn from the stream: the same seed gives the same record ids. */
  uuid(): string {
    const a = this.word()
    const b = this.word()
    const c = this.word()
    const d = this.word()
    const byte = (word: number, shift: number) => hexBytes[(word >>> shift) & 0xff]!
    // Version 4 in the high nibble of the seventh byte, variant 10 in the high bits of the ninth (RFC 9562).
    return (
      byte(a, 24) +
      byte(a, 16) +
      byte(a, 8) +
      byte(a, 0) +
      '-' +
      byte(b, 24) +
      byte(b, 16) +
      '-' +
      hexBytes[0x40 | ((b >>> 8) & 0x0f)]! +
      byte(b, 0) +
      '-' +
      hexBytes[0x80 | ((c >>> 24) & 0x3f)]! +
      byte(c, 16) +
      '-' +
      byte(c, 8) +
      byte(c, 0) +
      byte(d, 24) +
      byte(d, 16) +
      byte(d, 8) +
      byte(d, 0)
    )
  }

  private word(): number {
    return Math.floor(this.float() * 0x1_0000_0000)
  }
}

const hexBytes = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Values with weights, drawn in O(log n): build once, draw many times. */
export class Weighted<T> {
  private readonly cumulative: number[]

  constructor(
    readonly values: readonly T[],
    weights: readonly number[],
  ) {
    let total = 0
    this.cumulative = weights.map((w) => {
      total += Math.max(0, w)
      return total
    })
    if (values.length !== weights.length) throw new RangeError('One weight per value')
  }

  static of<K extends string>(table: Readonly<Partial<Record<K, number>>>): Weighted<K> {
    const entries = Object.entries(table) as [K, number][]
    return new Weighted(
      entries.map(([k]) => k),
      entries.map(([, w]) => w),
    )
  }

  get total(): number {
    return this.cumulative.at(-1) ?? 0
  }

  draw(random: Random): T {
    const total = this.total
    if (total <= 0) throw new RangeError('No weight to draw from')
    const target = random.float() * total
    let low = 0
    let high = this.cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if (this.cumulative[middle]! > target) high = middle
      else low = middle + 1
    }
    return this.values[low]!
  }
}

/** FNV-1a over the stream name, as 32-bit words for faker's Mersenne Twister seed. */
function hashWords(text: string): number[] {
  const words: number[] = []
  for (const salt of [0x811c9dc5, 0x01000193]) {
    let hash = salt
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i)
      hash = Math.imul(hash, 0x01000193) >>> 0
    }
    words.push(hash)
  }
  return words
}
