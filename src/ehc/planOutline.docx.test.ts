import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { strFromU8, unzipSync } from 'fflate'
import { planOutlineDocx } from './planOutline.docx.js'
import { planOutline } from './planOutline.js'

const outline = planOutline({
  stage: 'final',
  authorityName: 'Birmingham City Council',
  reference: 'EHC-2026-00042',
  childName: 'Jordan Lee',
  dateOfBirth: '2009-03-31',
  issuedOn: '2026-11-02',
  familyViews: null,
  reasons: 'The college asks for an assessment.',
  advice: [],
  namedSetting: 'South and City College',
})

describe('a plan as a Word document', () => {
  it('names its title, language and author, with no "Un-named" editor', async () => {
    const parts = unzipSync(new Uint8Array(await planOutlineDocx(outline, 'Birmingham City Council')))
    const core = strFromU8(parts['docProps/core.xml']!)
    assert.match(core, /<dc:title>Education, Health and Care plan<\/dc:title>/)
    assert.match(core, /<dc:creator>Birmingham City Council<\/dc:creator>/)
    assert.match(core, /<cp:lastModifiedBy>Birmingham City Council<\/cp:lastModifiedBy>/)
    assert.match(strFromU8(parts['word/styles.xml']!), /<w:docDefaults>.*<w:lang w:val="en-GB"\/>.*<\/w:docDefaults>/s)
  })

  it('marks the title and every section as headings, so a screen reader can move through them', async () => {
    const parts = unzipSync(new Uint8Array(await planOutlineDocx(outline, 'Birmingham City Council')))
    const xml = strFromU8(parts['word/document.xml']!)
    const headings = [
      ...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="(Heading\d)"\/>.*?<w:t[^>]*>([^<]*)<\/w:t>/gs),
    ].map((m) => [m[1], m[2]])
    assert.deepEqual(headings, [['Heading1', outline.title], ...outline.sections.map((s) => ['Heading2', s.heading])])
  })
})
