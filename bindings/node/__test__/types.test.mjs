// index.d.ts types the main results (no `any`), and a TypeScript user of the package
// type-checks under --strict (__test__/types-check.ts, which also expects an error on a
// misspelt field).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..')

test('index.d.ts has no `any`', () => {
  const text = readFileSync(join(pkg, 'index.d.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
  assert.doesNotMatch(text, /\bany\b/)
})

test('a strict TypeScript user type-checks', () => {
  const tsc = join(pkg, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    join(pkg, '__test__', 'types-check.ts')], { cwd: pkg, encoding: 'utf8' })
})
