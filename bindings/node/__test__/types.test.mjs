// The type files are generated (native.d.ts by napi, types.d.ts by scripts/typegen.mjs
// from the core's JSON Schemas) and up to date; they type the results (no `any`), and a
// TypeScript user of the package type-checks under --strict (__test__/types-check.ts, which
// also expects an error on a misspelt field).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..')

test('types.d.ts is what scripts/typegen.mjs writes from the schemas', () => {
  execFileSync(process.execPath, [join(pkg, 'scripts', 'typegen.mjs'), '--check'], { cwd: pkg, encoding: 'utf8' })
})

test('the generated files say so, and the type files have no `any`', () => {
  for (const f of ['native.js', 'native.d.ts', 'types.d.ts']) {
    assert.match(readFileSync(join(pkg, f), 'utf8').slice(0, 300), /@generated/, f)
  }
  for (const f of ['index.d.ts', 'native.d.ts', 'types.d.ts']) {
    const text = readFileSync(join(pkg, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
    assert.doesNotMatch(text, /\bany\b/, f)
  }
})

test('a strict TypeScript user type-checks', () => {
  const tsc = join(pkg, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    join(pkg, '__test__', 'types-check.ts')], { cwd: pkg, encoding: 'utf8' })
})

test('index.d.ts declares every export of index.js, and nothing else it exports', async () => {
  const { default: ts } = await import('typescript')
  const file = join(pkg, 'index.d.ts')
  const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true })
  const checker = program.getTypeChecker()
  const values = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)))
    .filter((s) => (ts.skipAlias(s, checker).flags & ts.SymbolFlags.Value) !== 0)
    .filter((s) => !s.declarations.some((d) => d.isTypeOnly || d.parent?.isTypeOnly)) // `export type * as T`
    .map((s) => s.name)
  const care = (await import('../index.js')).default
  // napi's loader template declares __napiBindingTarget in native.d.ts; the facade hides it.
  const declared = values.filter((n) => n !== '__napiBindingTarget').sort()
  assert.deepEqual(declared, Object.keys(care).sort())
})
