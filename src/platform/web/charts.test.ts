import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { horizontalBarChart } from './charts.js'

const bars = [
  { label: 'Including exceptions', value: 29.6, text: '29.6%' },
  { label: 'England 2024', value: 46.4, text: '46.4%', comparison: true },
]

/** The SVG's own width, in the units its text is drawn in. */
const viewBoxWidth = (svg: string) => Number(svg.match(/viewBox="0 0 (\d+) /)?.[1])

describe('horizontal bar charts', () => {
  it('draws a chart for the column it sits in, so its 16-unit text is drawn near 16 pixels there', () => {
    // A desktop GOV.UK page's full-width column is 930 pixels wide and a half column 450.
    assert.equal(viewBoxWidth(horizontalBarChart({ id: 'a', title: 'A', bars, column: 'full' })), 930)
    assert.equal(viewBoxWidth(horizontalBarChart({ id: 'b', title: 'B', bars, column: 'half' })), 450)
  })

  it('keeps labels of 20 characters whole in a half column, and cuts longer ones with an ellipsis', () => {
    const svg = horizontalBarChart({ id: 'c', title: 'C', bars, column: 'half' })
    assert.match(svg, />Including exceptions</)
    const long = horizontalBarChart({
      id: 'd',
      title: 'D',
      bars: [{ label: 'Educational psychology and more besides', value: 1 }],
      column: 'half',
    })
    assert.match(long, />Educational psychol…</)
  })

  it('scales the bars to the maximum given, and escapes every text', () => {
    const svg = horizontalBarChart({
      id: 'e',
      title: 'Plans <issued> & "late"',
      bars: [{ label: 'A & B', value: 50 }],
      max: 100,
      column: 'full',
    })
    assert.match(svg, /<title id="e-title">Plans &lt;issued&gt; &amp; &quot;late&quot;<\/title>/)
    assert.match(svg, />A &amp; B</)
    // Half of the bar area: 930 less the label and value widths.
    const width = Number(svg.match(/<rect x="\d+" y="\d+" width="([\d.]+)"/)?.[1])
    assert.equal(width, (930 - 260 - 70) / 2)
  })
})
