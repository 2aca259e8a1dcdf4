import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { horizontalBarChart } from './charts.js'

const bars = [
  { label: 'Including exceptions', value: 29.6, text: '29.6%' },
  { label: 'England 2024', value: 46.4, text: '46.4%', comparison: true },
]

/** Each bar's length, in thousandths of its track. */
const lengths = (html: string) =>
  [...html.matchAll(/<rect width="(\d+)" height="1" fill="#(1d70b8|505a5f)"/g)].map((m) => Number(m[1]))

describe('horizontal bar charts', () => {
  it('writes labels and values as HTML text, whole, so they keep their size at any width', () => {
    const html = horizontalBarChart({
      id: 'a',
      title: 'A',
      bars: [{ label: 'Educational psychology and more besides', value: 1 }],
    })
    assert.match(html, /<span class="app-chart__label">Educational psychology and more besides<\/span>/)
    assert.match(html, /<span class="app-chart__value">1<\/span>/)
    // The SVG draws bars only: nothing in it scales text with the chart.
    for (const svg of html.match(/<svg[\s\S]*?<\/svg>/g) ?? []) assert.doesNotMatch(svg, /<text/)
  })

  it('is one image to assistive technology, named by its title and described by every figure', () => {
    const html = horizontalBarChart({ id: 'b', title: 'Final plans within 20 weeks', bars })
    assert.match(html, /^<div class="app-chart govuk-body" role="img" aria-labelledby="b-title b-desc">/)
    assert.match(html, /<span class="govuk-visually-hidden" id="b-title">Final plans within 20 weeks<\/span>/)
    assert.match(
      html,
      /<span class="govuk-visually-hidden" id="b-desc">Including exceptions: 29.6%; England 2024: 46.4%<\/span>/,
    )
  })

  it('draws comparisons in grey, scaled to the largest value when no maximum is given', () => {
    const html = horizontalBarChart({ id: 'c', title: 'C', bars })
    assert.deepEqual(lengths(html), [Math.round((29.6 / 46.4) * 1000), 1000])
    assert.match(html, /fill="#505a5f"/)
  })

  it('scales the bars to the maximum given, keeps them within the track, and escapes every text', () => {
    const html = horizontalBarChart({
      id: 'e',
      title: 'Plans <issued> & "late"',
      bars: [
        { label: 'A & B', value: 50 },
        { label: 'Over', value: 150, text: '150 <cases>' },
        { label: 'Under', value: -3 },
      ],
      max: 100,
    })
    assert.match(html, /id="e-title">Plans &lt;issued&gt; &amp; &quot;late&quot;</)
    assert.match(html, />A &amp; B</)
    assert.match(html, />150 &lt;cases&gt;</)
    assert.deepEqual(lengths(html), [500, 1000, 0])
  })
})
