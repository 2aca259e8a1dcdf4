import { fileTypeFromBuffer } from 'file-type'

/** The largest document the service accepts: a scanned report of many pages fits. */
export const maxDocumentBytes = 10 * 1024 * 1024

/**
 * The kinds of document families, settings and professionals send as evidence, by the type the bytes themselves
 * show (the browser's mimetype and the filename's extension are the sender's claims, not facts).
 */
const accepted: Record<string, { mediaType: string; extensions: readonly string[] }> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  rtf: { mediaType: 'application/rtf', extensions: ['rtf'] },
  jpg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  // Photos taken on iPhones.
  heic: { mediaType: 'image/heic', extensions: ['heic', 'heif'] },
}

/** What the upload page tells people they may send. */
export const acceptedTypesText = 'PDF, Word (DOCX or DOC), ODT, RTF, TXT, JPG, PNG or HEIC'
/** The file picker's hint to the browser (the server decides, whatever the browser sends). */
export const acceptAttribute = '.pdf,.docx,.doc,.odt,.rtf,.txt,.jpg,.jpeg,.png,.heic,.heif'

/** An accepted document: its real media type, and the filename to keep (its extension matching that type). */
export type Identified = { ok: true; mediaType: string; filename: string } | { ok: false; message: string }

const extensionOf = (filename: string) => filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? ''

function isUtf8Text(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    // Control characters other than tab, line feed, form feed and carriage return mean binary, not text.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: that is what it looks for
    return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)
  } catch {
    return false
  }
}

/**
 * The real type of an upload, sniffed from its bytes. Plain text has no magic number, so a .txt is accepted only
 * when it decodes as UTF-8 text; a .doc is the Compound File container, accepted only under its own extension.
 * A file whose name claims another type keeps its name with the true extension added ("scan.JPG" that is a PNG
 * becomes "scan.JPG.png"), so whoever downloads it never opens it as something it is not.
 */
export async function identifyDocument(filename: string, bytes: Uint8Array): Promise<Identified> {
  if (bytes.length === 0) return { ok: false, message: 'The selected file is empty' }
  if (bytes.length > maxDocumentBytes) return { ok: false, message: 'The selected file must be smaller than 10MB' }
  const name = cleanFilename(filename)
  const extension = extensionOf(name)
  const sniffed = await fileTypeFromBuffer(bytes)
  const refused = { ok: false as const, message: `The selected file must be a ${acceptedTypesText}` }
  if (!sniffed) {
    return extension === 'txt' && isUtf8Text(bytes)
      ? { ok: true, mediaType: 'text/plain; charset=utf-8', filename: name }
      : refused
  }
  if (sniffed.ext === 'cfb') {
    return extension === 'doc' ? { ok: true, mediaType: 'application/msword', filename: name } : refused
  }
  const type = accepted[sniffed.ext]
  if (!type) return refused
  const named = type.extensions.includes(extension) ? name : `${name}.${type.extensions[0]}`
  return { ok: true, mediaType: type.mediaType, filename: named }
}

/** The filename as it will be shown and offered on download: no path, no control characters, a sane length. */
export function cleanFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? ''
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  if (!cleaned) return 'document'
  if (cleaned.length <= 150) return cleaned
  const extension = extensionOf(cleaned)
  return extension ? `${cleaned.slice(0, 140)}.${extension}` : cleaned.slice(0, 150)
}
