// A small zip reader and writer for the tests, on node:zlib only: the dashboard's browser test
// reads the downloaded report workbook back (its sheets and cells) and makes a workbook with
// one bad cell from a good one. Not a general zip library: no zip64, no encryption.
import { inflateRawSync, crc32 } from 'node:zlib'

/** The files of a zip archive: a Map from name to bytes. */
export function unzip(buf) {
  let eocd = buf.length - 22
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory')
  const count = buf.readUInt16LE(eocd + 10)
  let at = buf.readUInt32LE(eocd + 16)
  const files = new Map()
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('a broken central directory')
    const method = buf.readUInt16LE(at + 10)
    const size = buf.readUInt32LE(at + 20)
    const [nameLen, extraLen, commentLen] = [buf.readUInt16LE(at + 28), buf.readUInt16LE(at + 30), buf.readUInt16LE(at + 32)]
    const local = buf.readUInt32LE(at + 42)
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8')
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(start, start + size)
    files.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data))
    at += 46 + nameLen + extraLen + commentLen
  }
  return files
}

/** A zip archive (stored, not compressed) of `files`, a Map from name to bytes. */
export function zip(files) {
  const locals = []
  const centrals = []
  let offset = 0
  for (const [name, data] of files) {
    const n = Buffer.from(name, 'utf8')
    const head = Buffer.alloc(30)
    head.writeUInt32LE(0x04034b50, 0)
    head.writeUInt16LE(20, 4)
    head.writeUInt16LE(0x21, 12) // 1980-01-01
    head.writeUInt32LE(crc32(data), 14)
    head.writeUInt32LE(data.length, 18)
    head.writeUInt32LE(data.length, 22)
    head.writeUInt16LE(n.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc32(data), 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(n.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(head, n, data)
    centrals.push(central, n)
    offset += 30 + n.length + data.length
  }
  const dir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(files.size, 8)
  end.writeUInt16LE(files.size, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, end])
}

const unescapeXml = (s) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

/** The sheet names of an xlsx workbook's files, in order. */
export function sheetNames(files) {
  const xml = files.get('xl/workbook.xml').toString('utf8')
  return [...xml.matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => unescapeXml(m[1]))
}

/**
 * The cells of sheet number `n` (1-based) of an xlsx workbook's files: rows of values
 * (strings, numbers or booleans; null for an empty cell), the first row the header.
 */
export function sheetRows(files, n) {
  const shared = files.has('xl/sharedStrings.xml')
    ? [...files.get('xl/sharedStrings.xml').toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
        unescapeXml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')))
    : []
  const xml = files.get(`xl/worksheets/sheet${n}.xml`).toString('utf8')
  const col = (ref) => [...ref.replace(/\d+$/, '')].reduce((c, ch) => c * 26 + ch.charCodeAt(0) - 64, 0) - 1
  const rows = []
  for (const row of xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)) {
    const cells = []
    for (const c of row[1].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const type = /t="(\w+)"/.exec(c[2])?.[1]
      const v = /<v>([\s\S]*?)<\/v>/.exec(c[3] ?? '')?.[1]
      const inline = /<is>[\s\S]*?<t[^>]*>([\s\S]*?)<\/t>/.exec(c[3] ?? '')?.[1]
      cells[col(c[1])] =
        type === 's' ? shared[Number(v)]
          : type === 'inlineStr' ? unescapeXml(inline ?? '')
            : type === 'str' ? unescapeXml(v ?? '')
              : type === 'b' ? v === '1'
                : v == null ? null : Number(v)
    }
    rows.push(Array.from(cells, (x) => x ?? null))
  }
  return rows
}
