// The example dashboard (examples/dashboard) in headless Chromium: the map page draws the
// best path between two roles picked in the form, the cohort page lists every agent of the
// sample cohort. Screenshots go to $CARE_SCREENSHOTS (default: the system temp folder).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { join, dirname } from 'node:path'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const { createServer, esc } = require(join(root, 'examples', 'dashboard', 'server.js'))
const care = require('../index.js')
const shots = process.env.CARE_SCREENSHOTS ?? tmpdir()

let server, base, browser, page

before(async () => {
  server = createServer()
  await new Promise((ok, fail) => server.listen(0, '127.0.0.1', ok).once('error', fail))
  base = `http://127.0.0.1:${server.address().port}`
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } })
})

after(async () => {
  await browser?.close()
  await new Promise((ok) => (server ? server.close(ok) : ok()))
})

test('esc makes every HTML special character inert', () => {
  assert.equal(esc(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  assert.equal(esc(null), '')
})

test('map page: pick two roles, submit, see the paths, readiness and the highlighted path', async () => {
  await page.goto(base + '/')
  assert.ok(await page.locator('#map svg').count() === 1, 'the map is drawn')
  assert.equal(await page.locator('#map svg g.role.highlighted').count(), 0, 'nothing highlighted yet')
  await page.screenshot({ path: join(shots, 'care-dashboard-map-empty.png') })

  await page.selectOption('#from', 'care-operations/rep')
  await page.selectOption('#to', 'care-operations/manager')
  await page.fill('#months', '4')
  await Promise.all([page.waitForURL(/to=care-operations%2Fmanager/), page.click('button[type=submit]')])

  assert.equal(await page.locator('#from').inputValue(), 'care-operations/rep', 'the form keeps the From role')
  assert.equal(await page.locator('#to').inputValue(), 'care-operations/manager', 'the form keeps the To role')
  assert.equal(await page.locator('#months').inputValue(), '4')
  const best = care.paths('care-operations/rep', 'care-operations/manager', { k: 3 })[0]
  assert.ok(best, 'the package finds a path')
  const paths = page.locator('#paths .path')
  assert.ok((await paths.count()) >= 1)
  assert.equal(await page.locator('#paths .path.best ol.steps > li').count(), best.steps.length)
  const text = await page.locator('#paths').innerText()
  assert.match(text, /promotional/)
  assert.match(text, new RegExp(best.steps[0].reasons[0].message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  assert.match(await page.locator('#readiness').innerText(), /Not eligible yet|Eligible/)

  const lit = await page.locator('#map svg g.role.highlighted').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-role')))
  assert.deepEqual(lit.sort(), [...best.roles].sort(), 'the best path roles are highlighted')
  assert.ok((await page.locator('#map svg path.move.highlighted').count()) >= best.steps.length - 0)
  await page.screenshot({ path: join(shots, 'care-dashboard-map-path.png'), fullPage: true })
})

test('map page: roles named by title in the address stay chosen in the form after the paths', async () => {
  await page.goto(base + '/?from=' + encodeURIComponent('Care Rep') + '&to=' + encodeURIComponent('Manager, Customer Care'))
  assert.ok((await page.locator('#paths .path').count()) >= 1)
  assert.equal(await page.locator('#from').inputValue(), 'care-operations/rep')
  assert.equal(await page.locator('#to').inputValue(), 'care-operations/manager')
})

test('map page: an impossible move shows the error, escaped', async () => {
  await page.goto(base + '/?from=' + encodeURIComponent('<script>x</script>') + '&to=care-operations/rep')
  const alert = page.locator('.error[role=alert]')
  assert.equal(await alert.count(), 1)
  assert.match(await alert.innerText(), /^UNKNOWN_ROLE: unknown role "<script>x<\/script>"/)
  assert.equal(await page.locator('main script').count(), 0)
})

test('cohort page: every agent of the sample cohort is a row', async () => {
  await page.goto(base + '/cohort')
  const size = care.Cohort.sample().agentNames().length
  assert.ok(size > 0)
  assert.equal(await page.locator('#report tbody tr').count(), size)
  const names = await page.locator('#report tbody tr td:first-child').allInnerTexts()
  assert.deepEqual(names, care.Cohort.sample().agentNames())
  await page.screenshot({ path: join(shots, 'care-dashboard-cohort.png'), fullPage: true })
})

test('calibration page: load the sample, calibrate, see each certifier against the benchmark', async () => {
  await page.goto(base + '/calibration')
  assert.equal(await page.locator('#certifiers').count(), 0, 'no result before a session')
  await Promise.all([page.waitForURL(/\/calibration$/), page.click('#sample')])
  const text = await page.locator('#session').inputValue()
  assert.match(text, /benchmark = "Dana Lee"/)
  const want = care.calibrate(care.CalibrationSession.fromToml(text))
  const rows = page.locator('#certifiers tbody tr')
  assert.equal(await rows.count(), want.certifiers.length)
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => [tr.dataset.certifier, tr.querySelector('.state').textContent]))
  assert.deepEqual(shown, want.certifiers.map((c) => [c.certifier, c.status]))
  await page.screenshot({ path: join(shots, 'care-dashboard-calibration.png'), fullPage: true })

  // The same session as JSON, edited to break it: the error shows, escaped.
  await page.fill('#session', JSON.stringify({ calls: [{ id: '<b>x</b>', grades: {} }] }))
  await page.click('button[type=submit]:not(#sample)')
  await page.waitForSelector('.error[role=alert]')
  assert.match(await page.locator('.error[role=alert]').innerText(), /^INVALID_INPUT: /)
  assert.equal(await page.locator('main b').count(), 0)
})
