// The dashboard's page frame and the helpers every page uses: HTML escaping, the layout with
// its navigation and styles, and errors shown on the page (care-core's code, message and the
// places it names; never a stack trace).
'use strict'

/** Text made safe for HTML element content and quoted attribute values. */
function esc(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const words = (snake) => String(snake).replace(/_/g, ' ')

function page(title, active, body) {
  const nav = [
    ['/coordinator', 'Coordinator'],
    ['/', 'Career map'],
    ['/cohort', 'Sample cohort'],
    ['/calibration', 'Calibration'],
  ]
    .map(([href, label]) => `<a href="${href}"${href === active ? ' aria-current="page"' : ''}>${esc(label)}</a>`)
    .join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · care-core dashboard</title>
<style>
  :root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; background: #f8fafc; }
  body { margin: 0; }
  header { background: #0f172a; color: #f8fafc; padding: 12px 24px; display: flex; gap: 24px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; font-weight: 600; }
  header nav a { color: #cbd5e1; text-decoration: none; margin-right: 16px; }
  header nav a[aria-current] { color: #fff; border-bottom: 2px solid #f87171; }
  main { padding: 16px 24px 32px; max-width: 1600px; }
  h2 { font-size: 20px; margin: 16px 0 8px; }
  h3 { font-size: 16px; margin: 12px 0 6px; }
  form { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; background: #fff; padding: 12px 16px; border: 1px solid #e2e8f0; border-radius: 8px; }
  label { display: flex; flex-direction: column; font-size: 13px; gap: 4px; color: #334155; }
  select, input { font: inherit; padding: 4px 6px; max-width: 420px; }
  button { font: inherit; padding: 6px 16px; background: #dc2626; color: #fff; border: 0; border-radius: 6px; cursor: pointer; }
  .panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; margin: 16px 0; }
  .panel { background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; padding: 8px 16px 12px; }
  .error { background: #fef2f2; border: 1px solid #fecaca; color: #991b1b; padding: 8px 12px; border-radius: 6px; margin: 12px 0; }
  .path { margin: 8px 0 12px; }
  .path.best > h3::after { content: " — highlighted on the map"; color: #dc2626; font-weight: 400; font-size: 13px; }
  ol.steps { margin: 4px 0; padding-left: 20px; }
  ol.steps li { margin: 6px 0; }
  .tag { display: inline-block; font-size: 12px; padding: 1px 6px; border-radius: 10px; background: #e2e8f0; margin-left: 4px; }
  .tag.promotional { background: #dcfce7; } .tag.step_down { background: #fee2e2; } .tag.lateral { background: #e0f2fe; }
  ul.reasons { margin: 2px 0; padding-left: 18px; color: #475569; font-size: 13px; }
  .ok { color: #15803d; font-weight: 600; } .no { color: #b91c1c; font-weight: 600; }
  .map { background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; overflow: auto; max-height: 80vh; }
  .map svg { display: block; width: 100%; height: auto; }
  td.nowrap { white-space: nowrap; }
  table { border-collapse: collapse; background: #fff; font-size: 13px; width: 100%; }
  th, td { border: 1px solid #e2e8f0; padding: 4px 8px; text-align: left; vertical-align: top; }
  th { background: #f1f5f9; position: sticky; top: 0; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .state { font-weight: 600; } .state.certified { color: #15803d; } .state.failed { color: #b91c1c; }
  .state.review { color: #b45309; } .state.consistent { color: #15803d; }
  textarea { font: 13px ui-monospace, monospace; }
  .state.blocked_by_equipment { color: #b45309; } .state.in_certification { color: #1d4ed8; }
  .totals { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 12px; }
  .totals span { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 4px 10px; font-size: 13px; }
  .error code { font-weight: 600; } .error ul { margin: 4px 0 0; padding-left: 18px; }
  .downloads { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 12px; }
  .downloads a { background: #0f172a; color: #fff; padding: 6px 14px; border-radius: 6px; text-decoration: none; font-size: 14px; }
  .eod { background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; overflow: auto; padding: 0 12px 8px; }
  .hint { color: #475569; font-size: 13px; }
</style>
</head>
<body>
<header><h1>care-core</h1><nav>${nav}</nav></header>
<main>
${body}
</main>
</body>
</html>
`
}

/**
 * An error as a block on the page: a care-core error with its code, message and each problem's
 * place (`Tracker!C7`, a CSV line and column); any other error as a plain sentence (its
 * details go to the server's log only). `what` names the input it is about, if any.
 */
function errorHtml(e, what = '') {
  const about = what ? `<strong>${esc(what)}</strong>: ` : ''
  if (e && typeof e.code === 'string' && typeof e.kind === 'string') {
    const problems = Array.isArray(e.problems) && e.problems.length
      ? `<ul>${e.problems.map((p) => `<li>${esc(p.place)}: ${esc(p.message)}</li>`).join('')}</ul>`
      : ''
    return `<div class="error" role="alert" data-code="${esc(e.code)}">${about}<code>${esc(e.code)}</code>: ${esc(e.message)}${problems}</div>`
  }
  if (e && Number.isInteger(e.status)) {
    return `<div class="error" role="alert" data-status="${esc(e.status)}">${about}${esc(e.message)}</div>`
  }
  console.error(e)
  return `<div class="error" role="alert">${about}Something went wrong on the server; the details are in its log.</div>`
}

module.exports = { esc, words, page, errorHtml }
