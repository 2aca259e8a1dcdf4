import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * Where the bytes of documents live, behind one small interface so a deployment can swap the filesystem for an
 * object store. Keys are random and carry nothing of the user's filename; the database row says what a key holds.
 */
export interface DocumentStorage {
  put(key: string, bytes: Uint8Array): Promise<void>
  /** The stored bytes, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Buffer | undefined>
  /** Removes what is stored under the key; removing a missing key is not an error. */
  delete(key: string): Promise<void>
}

/** A new storage key: 128 random bits as hex, nothing the user chose. */
export function newStorageKey(): string {
  return randomBytes(16).toString('hex')
}

const keyPattern = /^[0-9a-f]{32}$/

function checkedKey(key: string): string {
  // Keys are only ever made by newStorageKey; anything else could climb out of the directory.
  if (!keyPattern.test(key)) throw new Error('Not a document storage key')
  return key
}

/**
 * Documents as files under one directory outside the web root (by default `<DATA_DIR>/documents`), fanned out by
 * the key's first two characters so no directory grows too large. Files are readable by the service's user only.
 */
export function fileDocumentStorage(root: string): DocumentStorage {
  const fileOf = (key: string) => path.join(root, checkedKey(key).slice(0, 2), key)
  return {
    async put(key, bytes) {
      const file = fileOf(key)
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
      // Written beside, then renamed: a reader never sees half a file, and a crash leaves no partial document.
      const partial = `${file}.${process.pid}.partial`
      await fs.writeFile(partial, bytes, { mode: 0o600, flag: 'wx' })
      await fs.rename(partial, file)
    },
    async get(key) {
      try {
        return await fs.readFile(fileOf(key))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
    },
    async delete(key) {
      await fs.rm(fileOf(key), { force: true })
    },
  }
}
