import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import type { PlanOutline } from './planOutline.js'

/**
 * A plan outline as a Word document, for the caseworker to edit: real headings (the plan's title, then one per
 * section) so that screen readers and Word's navigation pane can move through it, the document's title and language
 * set.
 */
export async function planOutlineDocx(outline: PlanOutline, authorityName: string): Promise<Buffer> {
  const document = new Document({
    // Word would otherwise say an "Un-named" person last changed a plan the family receives.
    creator: authorityName,
    lastModifiedBy: authorityName,
    title: outline.title,
    // British English for spelling and screen readers; Arial at 12 points, as GOV.UK sets documents to be read.
    styles: { default: { document: { run: { language: { value: 'en-GB' }, font: 'Arial', size: 24 } } } },
    sections: [
      {
        children: [
          new Paragraph({ text: outline.title, heading: HeadingLevel.HEADING_1 }),
          ...outline.summary.map((line) => new Paragraph({ text: line })),
          new Paragraph({ text: outline.preface, spacing: { before: 240 } }),
          ...outline.sections.flatMap((section) => [
            new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_2 }),
            ...section.paragraphs.map((text) => new Paragraph({ text })),
          ]),
        ],
      },
    ],
  })
  return Packer.toBuffer(document)
}
