/**
 * Simple, accessible bar charts drawn on the server as inline SVG: no JavaScript, nothing fetched, and the figures
 * always sit beside the chart in a GOV.UK table (the chart is a picture of the table, not a replacement for it).
 * The SVG is one image to assistive technology (role="img"), named by its title and described by every bar's figure.
 * Colours are the GOV.UK palette and bars are labelled with their values, so nothing relies on colour alone.
 */

export interface Bar {
  label: string
  value: number
  /** The value as shown (e.g. "26.7%", "1,204"); the number itself when absent. */
  text?: string
  /** A comparison (England, last year) drawn in grey rather than blue. */
  comparison?: boolean
}

export interface BarChart {
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string
  title: string
  bars: readonly Bar[]
  /** The top of the scale; the largest value when absent (100 suits percentages). */
  max?: number
  /** The GOV.UK grid column the chart fills: it is drawn that wide, so its text is drawn at about 16 pixels there. */
  column: 'full' | 'half'
}

const colours = { bar: '#1d70b8', comparison: '#505a5f', text: '#0b0c0c', axis: '#b1b4b6' }
const rows = { rowHeight: 34, barHeight: 22, fontSize: 16 }
/**
 * Widths in pixels of a desktop page's columns (960 less the gutters): an SVG scales to its column, text and all, so
 * one drawn 640 wide in a half column had 11-pixel labels, cut short.
 */
const columns = {
  full: { width: 930, labelWidth: 260, valueWidth: 70 },
  half: { width: 450, labelWidth: 190, valueWidth: 64 },
}

const numberFormat = new Intl.NumberFormat('en-GB')

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!)

/** A label cut to fit beside its bar, with an ellipsis (the table beside the chart has it in full). */
function fitLabel(label: string, width: number): string {
  const maxChars = Math.floor(width / (rows.fontSize * 0.55))
  return label.length <= maxChars ? label : `${label.slice(0, maxChars - 1)}…`
}

/** A horizontal bar chart as an SVG string, safe to put in a page as it is (every text is escaped). */
export function horizontalBarChart(chart: BarChart): string {
  const { width, labelWidth, valueWidth } = columns[chart.column]
  const { rowHeight, barHeight, fontSize } = rows
  const barArea = width - labelWidth - valueWidth
  const max = chart.max ?? Math.max(1, ...chart.bars.map((b) => b.value))
  const height = Math.max(1, chart.bars.length) * rowHeight + 8
  const titleId = `${chart.id}-title`
  const descId = `${chart.id}-desc`
  const description = chart.bars.map((b) => `${b.label}: ${b.text ?? numberFormat.format(b.value)}`).join('; ')
  const drawn = chart.bars.map((bar, i) => {
    const y = i * rowHeight + 4
    const barWidth = Math.max(0, Math.min(1, bar.value / max)) * barArea
    const text = bar.text ?? numberFormat.format(bar.value)
    const mid = y + barHeight / 2 + fontSize * 0.35
    return [
      `<text x="${labelWidth - 8}" y="${mid.toFixed(1)}" text-anchor="end" fill="${colours.text}">${escapeXml(fitLabel(bar.label, labelWidth - 8))}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${barWidth.toFixed(1)}" height="${barHeight}" fill="${bar.comparison ? colours.comparison : colours.bar}"/>`,
      `<text x="${(labelWidth + barWidth + 6).toFixed(1)}" y="${mid.toFixed(1)}" fill="${colours.text}">${escapeXml(text)}</text>`,
    ].join('')
  })
  return [
    `<svg class="app-chart" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" font-family="GDS Transport, arial, sans-serif" font-size="${fontSize}" focusable="false">`,
    `<title id="${titleId}">${escapeXml(chart.title)}</title>`,
    `<desc id="${descId}">${escapeXml(description)}</desc>`,
    `<line x1="${labelWidth}" y1="0" x2="${labelWidth}" y2="${height}" stroke="${colours.axis}"/>`,
    ...drawn,
    '</svg>',
  ].join('')
}
