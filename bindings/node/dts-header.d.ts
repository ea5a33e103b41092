/* The header of native.d.ts (napi build writes the rest from the #[napi] exports of src/).
 * T is the data types generated from the core's JSON Schemas. */
import type * as T from './types.js'

type Str = string
type Num = number
type IsoDate = string
type Moment = string
type Bytes = Uint8Array
export type CertPolicyArg = CertPolicy | Partial<T.CertPolicy>
export type CalendarArg = Calendar | 'us-federal' | 'none' | Partial<T.CalendarSpec>
export type EscalationPolicyArg = EscalationPolicy | Partial<T.EscalationPolicy>
export type EscalationOptions = { calendar?: CalendarArg; excused?: T.Excused[] | Record<string, string> | [string, string][]; policy?: EscalationPolicyArg }
export type CohortOptions = { calendar?: CalendarArg; policy?: CohortPolicy | Partial<T.CohortPolicy> }
/** A matrix of the agreement statistics: `rows x cols` cells, row by row (NaN = missing). */
export type Matrix = { data: Float64Array; rows: number; cols: number }
/** Batch results: a `Uint8Array` per column of the core's `BatchColumns`, one entry per agent. */
export type Columns = { [K in keyof T.BatchColumns]: Uint8Array }
