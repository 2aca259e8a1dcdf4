import express from 'express'
import type { Db } from '../platform/db/database.js'
import type { NotificationChannel } from '../platform/db/schema.js'
import { statusTag } from '../platform/notify/presenters.js'
import { contextOf } from '../platform/useCase.js'
import { permit } from '../platform/web/permissions.js'
import { appealableLetters, type LetterKind, letterKindNames } from './letters.js'
import { readLetter } from './letters.read.js'

const channelNames: Record<NotificationChannel, string> = { email: 'Email', sms: 'Text message', letter: 'Post' }

/** Plain text as paragraphs: blank lines part paragraphs, single line breaks stay line breaks. */
function paragraphsOf(text: string): string[][] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((line) => line.trimEnd()))
    .filter((p) => p.some((line) => line))
}

/** A letter as the family received it, printable, with how it was delivered to each recipient (for staff). */
export function letterRoutes(db: Db) {
  const router = express.Router()

  router.get('/letters/:id', permit('ehc:read'), async (req, res) => {
    const ctx = contextOf(req, db)
    const { letter, case: c, deliveries, showDeliveries } = await readLetter(ctx, String(req.params.id))
    const family = ctx.actor.role === 'parent' || ctx.actor.role === 'young_person'
    res.render('ehc/views/letters/letter', {
      pageTitle: letter.subject,
      letter,
      kindName: letterKindNames[letter.kind as LetterKind] ?? letter.kind,
      appealable: appealableLetters[letter.kind as LetterKind] !== undefined,
      paragraphs: paragraphsOf(letter.body),
      caseHref: family ? `/your-requests/${c.id}` : `/cases/${c.id}`,
      caseReference: c.reference,
      showDeliveries,
      deliveries: deliveries.map((d) => ({
        ...d,
        channel: channelNames[d.channel],
        tag: statusTag(d.status),
      })),
    })
  })

  return router
}
