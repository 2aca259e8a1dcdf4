import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadConfig } from './config.js'

describe('configuration', () => {
  it('defaults to port 3000, PGlite in ./data and demo mode in development', () => {
    const c = loadConfig({})
    assert.equal(c.port, 3000)
    assert.equal(c.databaseUrl, undefined)
    assert.match(c.dataDir, /\/data$/)
    assert.equal(c.demo, true)
  })

  it('can never be in demo mode in production, and needs its secrets there', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db' }), /SESSION_SECRET/)
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }), /DATABASE_URL/)
    const c = loadConfig({
      NODE_ENV: 'production',
      DEMO: 'true',
      SESSION_SECRET: 'x'.repeat(32),
      DATABASE_URL: 'postgres://h/db',
    })
    assert.equal(c.demo, false)
    assert.equal(c.production, true)
  })

  it('keeps 10 connections to PostgreSQL unless told otherwise', () => {
    assert.equal(loadConfig({}).databasePoolSize, 10)
    assert.equal(loadConfig({ DATABASE_POOL_SIZE: '4' }).databasePoolSize, 4)
    assert.throws(() => loadConfig({ DATABASE_POOL_SIZE: '0' }), /DATABASE_POOL_SIZE/)
    assert.throws(() => loadConfig({ DATABASE_POOL_SIZE: 'lots' }), /DATABASE_POOL_SIZE/)
  })

  it('names the setting at fault', () => {
    assert.throws(() => loadConfig({ PORT: 'seventy' }), /PORT/)
    assert.throws(() => loadConfig({ DATABASE_URL: 'not a url' }), /DATABASE_URL/)
  })

  it('configures OpenID Connect only when issuer and client id are both given', () => {
    assert.equal(loadConfig({ OIDC_STAFF_ISSUER: 'https://login.example/' }).oidc.staff, undefined)
    const c = loadConfig({ OIDC_STAFF_ISSUER: 'https://login.example/', OIDC_STAFF_CLIENT_ID: 'ascend' })
    assert.deepEqual(c.oidc.staff, { issuer: 'https://login.example/', clientId: 'ascend', clientSecret: undefined })
  })
})
