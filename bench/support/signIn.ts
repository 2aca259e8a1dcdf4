import { sessionCookieName } from '../../src/platform/web/middleware/setUpWebSession.js'

export interface SignedInPage {
  /** The Cookie header that carries the session. */
  cookie: string
  body: Buffer
  contentType: string
}

/** Signs in over HTTP as a browser does: the sign-in page's demo form for the caseworker, then GET / signed in. */
export async function signInAsDemoCaseworker(baseUrl: string): Promise<SignedInPage> {
  return signInAsDemo(baseUrl, 'caseworker')
}

/** The same for the demo account of any role (e.g. 'team_manager'). */
export async function signInAsDemo(baseUrl: string, role: string): Promise<SignedInPage> {
  const signInPage = await fetch(`${baseUrl}/sign-in`)
  const html = await signInPage.text()
  const form = html.split('<form').find((f) => f.includes(`data-role="${role}"`))
  const csrf = form?.match(/name="_csrf" value="([^"]+)"/)?.[1]
  const userId = form?.match(/name="userId" value="([^"]+)"/)?.[1]
  let cookie = sessionCookie(signInPage)
  if (!csrf || !userId || !cookie) throw new Error(`${baseUrl}/sign-in has no demo ${role} form (is demo mode on?)`)

  const signIn = await fetch(`${baseUrl}/sign-in/demo`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, userId }),
  })
  if (signIn.status !== 303) throw new Error(`Demo sign-in answered ${signIn.status}, not 303`)
  cookie = sessionCookie(signIn) ?? cookie

  const home = await fetch(`${baseUrl}/`, { headers: { cookie } })
  const body = Buffer.from(await home.arrayBuffer())
  if (home.status !== 200 || !body.includes('action="/sign-out"')) {
    throw new Error(`GET / answered ${home.status} without the signed-in page`)
  }
  return { cookie, body, contentType: home.headers.get('content-type') ?? 'text/html' }
}

function sessionCookie(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${sessionCookieName}=`))
}
