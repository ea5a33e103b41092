// Runs the shared cross-language vectors (`tests/vectors/*.json`, format in
// docs/vectors.md): every case's `fn` maps to an export of this package, and the answer must
// equal `output` key for key, or throw an Error with `code` = upper-case `error.kind` and the
// whole `error.message`. An unknown `fn` fails its case; none is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BOUND } from './bound.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const dir = join(root, 'tests', 'vectors')
// agreement.json compares values to a tolerance: agreement.test.mjs runs it.
const files = existsSync(dir)
  ? readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'agreement.json').sort()
  : []

// JSON round trip: what a user's JSON.stringify would write, and what the vector holds.
const plain = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))

test('every vector file has its fn map', () => {
  assert.deepEqual(files, ['career.json', 'certification.json', 'cohort.json', 'escalation.json'])
  for (const f of files) assert.ok(BOUND[f], `no fn map for ${f} in bound.mjs`)
})

for (const file of files) {
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  for (const c of doc.cases ?? []) {
    const name = `${file}: ${c.name}`
    const call = Object.hasOwn(BOUND[file] ?? {}, c.fn) ? BOUND[file][c.fn] : undefined
    if (!call) {
      test(name, () => assert.fail(`unknown fn ${JSON.stringify(c.fn)} in ${file}: add it to bound.mjs`))
      continue
    }
    test(name, () => {
      if (c.error) {
        assert.throws(() => call(c.input ?? {}), (e) => {
          assert.ok(e instanceof Error, 'throws an Error')
          assert.equal(e.code, c.error.kind.toUpperCase())
          assert.equal(e.kind, c.error.kind)
          assert.equal(e.message, c.error.message)
          return true
        })
      } else {
        assert.deepEqual(plain(call(c.input ?? {})), c.output)
      }
    })
  }
}
