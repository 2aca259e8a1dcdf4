import { generateKeyPairSync, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
// @ts-expect-error oidc-provider ships no type declarations; the little of it used here is typed below.
import Provider from 'oidc-provider'

/** An account at the test identity provider. */
export interface TestAccount {
  email: string
  emailVerified: boolean
  name?: string
  /** Like GOV.UK One Login: email and email_verified only from the userinfo endpoint, not in the ID token. */
  emailOnlyFromUserinfo?: boolean
}

export interface TestClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
}

export interface TestOidcProvider {
  /** The issuer identifier, also its base URL: http://127.0.0.1:<port>. */
  issuer: string
  /** Accounts by subject; change them between sign-ins as a directory would. */
  accounts: Map<string, TestAccount>
  close(): Promise<void>
}

interface OidcGrant {
  addOIDCScope(scope: string): void
  save(): Promise<string>
}

interface OidcProvider {
  callback(): http.RequestListener
  interactionDetails(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<{ uid: string; prompt: { name: string }; params: Record<string, unknown> }>
  interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: object): Promise<void>
  Grant: new (init: { accountId: string; clientId: string }) => OidcGrant
}

/** Starts a server and returns it with its base URL, before anything knows what to answer with. */
export async function listenOnEphemeralPort(): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

export async function closeServer(server: http.Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
    server.closeAllConnections()
  })
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 and an ephemeral port: authorisation code flow only,
 * PKCE required, client_secret_post clients, and a plain login form at /interaction/:uid where the person types
 * their subject (no password; consent is given on their behalf, as an organisation's own provider does).
 */
export async function startOidcProvider(options: {
  clients: TestClient[]
  accounts: Record<string, TestAccount>
}): Promise<TestOidcProvider> {
  const { server, url: issuer } = await listenOnEphemeralPort()
  const accounts = new Map(Object.entries(options.accounts))
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })

  const provider: OidcProvider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Claims asked for by scope go in the ID token too (as Microsoft Entra ID does), unless the account says not.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub)
      if (!account) return undefined
      return {
        accountId: sub,
        async claims(use: 'id_token' | 'userinfo') {
          const withEmail = use === 'userinfo' || !account.emailOnlyFromUserinfo
          return {
            sub,
            ...(account.name ? { name: account.name } : {}),
            ...(withEmail ? { email: account.email, email_verified: account.emailVerified } : {}),
          }
        },
      }
    },
  })

  const callback = provider.callback()
  const interaction = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const details = await provider.interactionDetails(req, res)
    if (req.method === 'GET') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8')
      res.end(
        `<!doctype html><title>Sign in</title><form method="post" action="/interaction/${escapeHtml(details.uid)}">` +
          '<label>Subject <input name="login"></label><button>Sign in</button></form>',
      )
      return
    }
    const accountId = (await readForm(req)).get('login') ?? ''
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) })
    grant.addOIDCScope(String(details.params.scope))
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId: await grant.save() } })
  }
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res)
    interaction(req, res).catch((error: Error) => {
      res.statusCode = 400
      res.end(error.message)
    })
  })

  return { issuer, accounts, close: () => closeServer(server) }
}

interface StoredCookie {
  value: string
  path: string
}

export interface Page {
  status: number
  url: string
  body: string
  headers: Headers
}

/**
 * A headless browser: one cookie jar per origin (host and port, so the app's and the provider's cookies on
 * 127.0.0.1 stay apart), cookie paths respected, redirects followed as a browser does.
 */
export class Browser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>()

  private cookieHeader(url: URL): string | undefined {
    const cookies = [...(this.jar.get(url.origin) ?? new Map<string, StoredCookie>())]
      .filter(
        ([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .map(([name, c]) => `${name}=${c.value}`)
    return cookies.length ? cookies.join('; ') : undefined
  }

  private store(url: URL, headers: Headers) {
    const cookies = this.jar.get(url.origin) ?? new Map<string, StoredCookie>()
    this.jar.set(url.origin, cookies)
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim())
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      const attribute = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1)
      const expires = attribute('expires')
      const maxAge = attribute('max-age')
      const gone = (maxAge !== undefined && Number(maxAge) <= 0) || (expires && Date.parse(expires) <= Date.now())
      if (gone) cookies.delete(name)
      else cookies.set(name, { value, path: attribute('path') ?? '/' })
    }
  }

  /** One request, no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    const target = new URL(url)
    const headers = new Headers()
    const cookie = this.cookieHeader(target)
    if (cookie) headers.set('Cookie', cookie)
    let body: string | undefined
    if (init.form) {
      headers.set('Content-Type', 'application/x-www-form-urlencoded')
      body = new URLSearchParams(init.form).toString()
    }
    const res = await fetch(target, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    })
    this.store(target, res.headers)
    return { status: res.status, url: target.href, body: await res.text(), headers: res.headers }
  }

  /** A request and every redirect after it (a 302 or 303 after a POST becomes a GET). */
  async visit(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    let page = await this.request(url, init)
    for (let hops = 0; page.status >= 300 && page.status < 400; hops++) {
      if (hops > 20) throw new Error(`Too many redirects from ${url}`)
      const location = page.headers.get('location')
      if (!location) break
      page = await this.request(new URL(location, page.url).href)
    }
    return page
  }
}
