// The package exports exactly the names of docs/api.md's Node column: module level, and the
// public methods (static and instance) of each class; both directions.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import care from '../index.js'

const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8')
const rows = (heading) => {
  const lines = doc.slice(doc.indexOf(heading)).split('\n')
  const start = lines.findIndex((l) => l.startsWith('| '))
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('| '))
  return lines.slice(start + 2, end)
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()))
}
const names = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1])
const sorted = (a) => [...new Set(a)].sort()

const classes = Object.fromEntries(rows('## Classes').map((r) => [names(r[1])[0], names(r[3])]))

test('module-level exports are the Node column and the classes', () => {
  const listed = rows('## Module level').flatMap((r) => names(r[2]))
  assert.deepEqual(sorted(Object.keys(care)), sorted([...listed, ...Object.keys(classes)]))
})

for (const [name, methods] of Object.entries(classes)) {
  test(`${name}'s methods are the Node column`, () => {
    const cls = care[name]
    const fns = (o, skip) => Object.getOwnPropertyNames(o).filter((k) => !skip.includes(k) && typeof Object.getOwnPropertyDescriptor(o, k).value === 'function')
    const exported = [...fns(cls, ['length', 'name', 'prototype']), ...fns(cls.prototype, ['constructor'])]
    assert.deepEqual(sorted(exported), sorted(methods))
  })
}
