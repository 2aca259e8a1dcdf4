/**
 * Shares one answer per key for `ttlMs`: callers within that time, and those that arrive while it is being worked out,
 * get the same promise. A failure is not kept, so the next caller tries again.
 */
export function sharedAnswers<T>(ttlMs: number) {
  const answers = new Map<string, { expires: number; answer: Promise<T> }>()
  return (key: string, work: () => Promise<T>, now: number = Date.now()): Promise<T> => {
    for (const [k, entry] of answers) if (entry.expires <= now) answers.delete(k)
    const kept = answers.get(key)
    if (kept) return kept.answer
    const answer = work()
    answers.set(key, { expires: now + ttlMs, answer })
    answer.catch(() => answers.delete(key))
    return answer
  }
}
