import { strFromU8, unzipSync } from 'fflate'

/** A Word document's text, paragraph by paragraph: enough to check what a generated .docx says. */
export function wordText(bytes: Buffer): string[] {
  const xml = strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!)
  return [...xml.matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  )
}
