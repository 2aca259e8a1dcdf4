/**
 * Simple, accessible bar charts drawn on the server: no JavaScript, nothing fetched, and the figures always sit beside
 * the chart in a GOV.UK table (the chart is a picture of the table, not a replacement for it). Labels and values are
 * HTML text, so they stay at body size at any width and wrap rather than being cut short; only the bars are drawn, each
 * as a text-free SVG stretched across its track (an SVG scales its text with it: a chart drawn as one SVG had 8-pixel
 * labels on a phone). The chart is one image to assistive technology (role="img"), named by its title and described by
 * every bar's figure. Colours are the GOV.UK palette and bars are labelled with their values, so nothing relies on
 * colour alone.
 */

import { escapeHtml } from './html.js'

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
}

const colours = { bar: '#1d70b8', comparison: '#505a5f', track: '#f3f2f1' }
/** The bar's length is drawn in thousandths of its track. */
const trackUnits = 1000

const numberFormat = new Intl.NumberFormat('en-GB')

/** A horizontal bar chart as HTML, safe to put in a page as it is (every text is escaped). */
export function horizontalBarChart(chart: BarChart): string {
  const max = chart.max ?? Math.max(1, ...chart.bars.map((b) => b.value))
  const titleId = `${chart.id}-title`
  const descId = `${chart.id}-desc`
  const description = chart.bars.map((b) => `${b.label}: ${b.text ?? numberFormat.format(b.value)}`).join('; ')
  const rows = chart.bars.map((bar) => {
    const length = Math.round(Math.max(0, Math.min(1, bar.value / max)) * trackUnits)
    const text = bar.text ?? numberFormat.format(bar.value)
    return [
      '<div class="app-chart__row">',
      `<span class="app-chart__label">${escapeHtml(bar.label)}</span>`,
      `<svg class="app-chart__bar" viewBox="0 0 ${trackUnits} 1" preserveAspectRatio="none" focusable="false">`,
      `<rect width="${trackUnits}" height="1" fill="${colours.track}"/>`,
      `<rect width="${length}" height="1" fill="${bar.comparison ? colours.comparison : colours.bar}"/>`,
      '</svg>',
      `<span class="app-chart__value">${escapeHtml(text)}</span>`,
      '</div>',
    ].join('')
  })
  return [
    `<div class="app-chart govuk-body" role="img" aria-labelledby="${titleId} ${descId}">`,
    `<span class="govuk-visually-hidden" id="${titleId}">${escapeHtml(chart.title)}</span>`,
    `<span class="govuk-visually-hidden" id="${descId}">${escapeHtml(description)}</span>`,
    ...rows,
    '</div>',
  ].join('')
}
