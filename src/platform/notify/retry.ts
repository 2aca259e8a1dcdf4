/**
 * When to try again. A failed hand-over to the provider is tried again after 1, 5, 15, 60 and 240 minutes; the sixth
 * failure is final, so a message is given up on about five hours after it was first tried. Pure: no clock, no I/O.
 */
export const retryDelaysMinutes = [1, 5, 15, 60, 240] as const
export const maxAttempts = retryDelaysMinutes.length + 1

/** After `attempts` failed tries, when the next one is due, or undefined when there is no next one. */
export function nextAttemptAfter(attempts: number, now: Date): Date | undefined {
  if (attempts >= maxAttempts) return undefined
  const minutes = retryDelaysMinutes[Math.max(0, attempts - 1)] ?? retryDelaysMinutes[retryDelaysMinutes.length - 1]!
  return new Date(now.getTime() + minutes * 60_000)
}

/** A row being sent is leased to its worker for this long; if the worker dies, another takes it up afterwards. */
export const sendingLeaseMs = 15 * 60_000

/** How often to ask the provider whether a sent message arrived, and for how long (Notify keeps them 7 days). */
export const statusCheckEveryMs = 5 * 60_000
export const statusCheckForMs = 7 * 24 * 60 * 60_000
