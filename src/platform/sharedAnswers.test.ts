import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sharedAnswers } from './sharedAnswers.js'

describe('answers shared for a time (pure)', () => {
  it('gives callers within the time the same answer, worked out once, and works it out again after', async () => {
    const shared = sharedAnswers<number>(1_000)
    let worked = 0
    const work = async () => ++worked
    assert.equal(await shared('a', work, 0), 1)
    assert.equal(await shared('a', work, 999), 1)
    assert.equal(await shared('b', work, 999), 2, 'another key is its own answer')
    assert.equal(await shared('a', work, 1_000), 3)
  })

  it('lets callers that arrive while the answer is worked out wait for the same one', async () => {
    const shared = sharedAnswers<string>(1_000)
    let calls = 0
    const work = () => {
      calls++
      return new Promise<string>((resolve) => setTimeout(() => resolve('figures'), 5))
    }
    assert.deepEqual(await Promise.all([shared('k', work, 0), shared('k', work, 1)]), ['figures', 'figures'])
    assert.equal(calls, 1)
  })

  it('does not keep a failure', async () => {
    const shared = sharedAnswers<string>(1_000)
    await assert.rejects(
      shared('k', async () => {
        throw new Error('connection lost')
      }),
      /connection lost/,
    )
    assert.equal(await shared('k', async () => 'answered'), 'answered')
  })
})
