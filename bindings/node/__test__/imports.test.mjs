// The package loads from CommonJS (`require`) and from ESM (`import`), by its name, from a
// folder outside the package, as a user's project would.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..')
let dir

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'care-core-import-'))
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(pkg, join(dir, 'node_modules', 'care-core'), 'dir')
})
after(() => rmSync(dir, { recursive: true, force: true }))

function run(file, text) {
  writeFileSync(join(dir, file), text)
  return execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }).trim()
}

test('require() from CommonJS', () => {
  const out = run('use.cjs', `
    const care = require('care-core')
    const { troubleshoot } = require('care-core')
    console.log(JSON.stringify([typeof care.version, troubleshoot('frozen').entry.id]))
  `)
  assert.deepEqual(JSON.parse(out), ['string', 'cti-screen-frozen'])
})

test('import from ESM, named and default', () => {
  const out = run('use.mjs', `
    import care, { troubleshoot, errorKinds, CertPolicy, STATUS_NAMES } from 'care-core'
    console.log(JSON.stringify([care.version === undefined, troubleshoot('frozen').entry.id,
      errorKinds[0], new CertPolicy() instanceof care.CertPolicy, STATUS_NAMES[1]]))
  `)
  assert.deepEqual(JSON.parse(out), [false, 'cti-screen-frozen', 'unknown_role', true, 'certified'])
})

test('the native module is private: only the facade is exported', () => {
  assert.throws(() => run('private.mjs', `import 'care-core/native.js'`), /ERR_PACKAGE_PATH_NOT_EXPORTED/)
})

test('the ESM and CommonJS entry points share one binding', () => {
  const out = run('same.mjs', `
    import { createRequire } from 'node:module'
    import * as esm from 'care-core'
    const cjs = createRequire(import.meta.url)('care-core')
    console.log(esm.troubleshoot === cjs.troubleshoot)
  `)
  assert.equal(out, 'true')
})

test('the README\'s "From Node" example runs as a file, printing what its comments say', () => {
  const readme = readFileSync(join(pkg, '..', '..', 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## From Node'))
  const code = section.slice(section.indexOf('```js\n') + 6, section.indexOf('\n```', section.indexOf('```js')))
  const out = run('example.mjs', code).split('\n')
  assert.deepEqual(out.slice(-4), ['certified 80 Rivera_Ana_80%', 'failed', 'certified', 'true UNKNOWN_ROLE Senior Rep'])
})
