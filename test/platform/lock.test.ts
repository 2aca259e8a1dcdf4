import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { DataDirLocked, lockDataDir } from '../../src/platform/db/lock.js'

describe('the PGlite data directory lock', () => {
  it('refuses a second holder while the first is alive, naming it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-lock-'))
    // Another live process holds the lock.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    try {
      fs.writeFileSync(
        path.join(dir, 'ascend.lock'),
        JSON.stringify({ pid: holder.pid, command: 'ascend server', since: '2026-11-25T10:00:00Z' }),
      )
      assert.throws(
        () => lockDataDir(dir),
        (error: unknown) => error instanceof DataDirLocked && /pid \d+: ascend server/.test(error.message),
      )
    } finally {
      holder.kill()
    }
  })

  it('takes over a lock left by a process that died, and releases it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-lock-'))
    fs.writeFileSync(
      path.join(dir, 'ascend.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, command: 'gone', since: 'then' }),
    )
    const lock = lockDataDir(dir, 'test')
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'ascend.lock'), 'utf8')).pid, process.pid)
    lock.release()
    assert.equal(fs.existsSync(path.join(dir, 'ascend.lock')), false)
  })

  it('refuses a second server on the same data directory, and the first keeps working', {
    timeout: 120_000,
  }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-data-'))
    const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'error', DATABASE_URL: '', NODE_ENV: 'development' }
    delete (env as Record<string, string | undefined>).DATABASE_URL
    const first = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...env, PORT: '0' },
      stdio: 'pipe',
    })
    try {
      // Wait until the first server holds the lock and has its database open.
      const deadline = Date.now() + 60_000
      while (!fs.existsSync(path.join(dir, 'pg', 'PG_VERSION')) || !fs.existsSync(path.join(dir, 'ascend.lock'))) {
        if (Date.now() > deadline) throw new Error('first server did not start')
        await new Promise((r) => setTimeout(r, 200))
      }
      const second = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], { env, stdio: 'pipe' })
      let output = ''
      second.stdout.on('data', (d) => (output += d))
      second.stderr.on('data', (d) => (output += d))
      const code = await new Promise<number | null>((resolve) => second.on('exit', resolve))
      assert.notEqual(code, 0)
      assert.match(output, new RegExp(`in use by another process \\(pid ${first.pid}`))
      assert.equal(first.exitCode, null, 'the first server is still running')
    } finally {
      first.kill('SIGTERM')
      await new Promise((r) => first.once('exit', r))
    }
    assert.equal(fs.existsSync(path.join(dir, 'ascend.lock')), false, 'a clean stop releases the lock')
  })
})
