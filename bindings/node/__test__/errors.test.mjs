import { test } from 'node:test'
import assert from 'node:assert/strict'
import care from '../index.mjs'

test('every core error kind has an upper-case code', () => {
  assert.deepEqual(care.errorCodes(), [
    'UNKNOWN_ROLE', 'AMBIGUOUS_ROLE', 'UNKNOWN_NAME', 'INVALID_INPUT', 'INVALID_SCORE',
    'INVALID_POLICY', 'INVALID_CATALOG', 'INVALID_SCORECARD', 'INVALID_DATE', 'PARSE',
    'TOO_LARGE',
  ])
})

test('an unknown symptom throws an Error with code UNKNOWN_NAME and the whole message', () => {
  assert.throws(() => care.troubleshoot('xyzzy'), (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, 'UNKNOWN_NAME')
    assert.equal(e.message, 'unknown symptom "xyzzy"')
    return true
  })
})

test('a parse error keeps the place and the parser message', () => {
  assert.throws(() => care.Troubleshooting.fromToml('id = "x"\nid = "y"\n'), (e) => {
    assert.equal(e.code, 'PARSE')
    assert.match(e.message, /^failed to parse TOML at line 2, column 1: /)
    return true
  })
  assert.throws(() => care.Troubleshooting.fromJson('{"id": 3}'), { code: 'PARSE' })
})

test('a list that fails validation reports every problem', () => {
  const text = JSON.stringify({
    id: 'mine', version: '1',
    entries: [
      { id: 'a', symptom: 's', keywords: [], steps: ['x'] },
      { id: 'a', symptom: 's', keywords: ['k'], steps: [] },
    ],
  })
  assert.throws(() => care.Troubleshooting.fromJson(text), (e) => {
    assert.equal(e.code, 'INVALID_POLICY')
    assert.equal(
      e.message,
      'invalid policy "mine": 3 problems: entries[0].keywords: has no keyword; ' +
        'entries[1].id: duplicate id "a"; entries[1].steps: has no step',
    )
    return true
  })
})

test('a wrong argument type is a TypeError-like napi error, never a crash', () => {
  assert.throws(() => care.troubleshoot(42))
  assert.throws(() => care.troubleshoot())
})
