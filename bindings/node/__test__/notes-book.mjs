// A progress-notes workbook for the tests: the package's own end-of-day report workbook with
// its first sheet's cells replaced by `rows` (arrays of text, inline strings), so that the
// file is a real xlsx package written by rust_xlsxwriter with only the cells changed.
import { unzip, zip } from './zip.mjs'

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const col = (i) => String.fromCharCode(65 + i)

/** An xlsx Buffer whose first sheet holds `rows` (each an array of strings). */
export function notesWorkbook(care, rows) {
  const files = unzip(care.Cohort.sample().reportXlsx('2026-07-10'))
  const data = rows.map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) =>
    `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`).join('')
  files.set('xl/worksheets/sheet1.xml', Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${data}</sheetData></worksheet>`))
  return zip(files)
}
