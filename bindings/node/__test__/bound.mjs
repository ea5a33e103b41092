// The vectors' `fn` names (Rust snake_case) mapped to calls of this package's camelCase
// exports. `input` holds the arguments by name.
import care from '../index.mjs'

export const BOUND = {
  lookup: (i) => care.troubleshoot(i.symptom),
}

// Core functions that vectors may name but that this package does not bind yet: their cases
// are skipped. Any other name fails.
export const NOT_YET_BOUND = new Set([])
