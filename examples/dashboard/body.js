// Request bodies with a size limit checked while they stream in, and the form data in them.
//
// readBody stops keeping bytes as soon as the body passes the limit (a Content-Length over it
// is refused before a byte is read) and rejects with a 413. The rest of the body is read and
// thrown away, up to DRAIN_FACTOR times the limit, so that the browser sees the 413 page
// rather than a connection reset; past that the connection is closed.
//
// Multipart bodies are parsed by Node's own fetch implementation (`Request.formData()`,
// undici): no parser of ours, no npm dependency. It runs on the bounded buffer only.
'use strict'

/** How many times the limit a refused body is still read (and dropped) before hanging up. */
const DRAIN_FACTOR = 8

/** An error with the HTTP status to answer with and a message for the page. */
function httpError(status, message) {
  return Object.assign(new Error(message), { status })
}

/** `n` bytes in words: `8 MiB`, `64 KiB`, `300 bytes`. */
function bytesText(n) {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`
  return `${n} bytes`
}

/**
 * The body of `req` as one Buffer of at most `limit` bytes. Rejects with `status` 413 when it
 * is larger (after draining it, see above), 400 when the client goes away.
 */
function readBody(req, limit) {
  return new Promise((ok, fail) => {
    const tooLarge = () => httpError(413, `The upload is larger than the limit of ${bytesText(limit)}.`)
    const declared = Number(req.headers['content-length'])
    let size = 0
    let parts = []
    let refused = null
    const refuse = () => {
      refused = tooLarge()
      parts = null
    }
    if (Number.isFinite(declared) && declared > limit) refuse()
    if (refused && declared > limit * DRAIN_FACTOR) {
      // Not worth reading: answer now and close the connection.
      req.resume()
      fail(Object.assign(refused, { close: true }))
      return
    }
    req.on('data', (chunk) => {
      size += chunk.length
      if (refused) {
        if (size > limit * DRAIN_FACTOR) {
          req.removeAllListeners('data')
          req.removeAllListeners('end')
          fail(Object.assign(refused, { close: true }))
          req.resume()
        }
        return
      }
      if (size > limit) {
        refuse()
        return
      }
      parts.push(chunk)
    })
    req.on('end', () => (refused ? fail(refused) : ok(Buffer.concat(parts))))
    req.on('error', () => fail(httpError(400, 'The upload did not arrive whole.')))
    req.on('aborted', () => fail(httpError(400, 'The upload did not arrive whole.')))
  })
}

/**
 * The form fields of a body already read: a `FormData` whose files are `File`s. Multipart
 * (`multipart/form-data`) and URL-encoded forms both; anything else is a 415.
 */
async function formData(headers, body) {
  const type = String(headers['content-type'] ?? '')
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
    throw httpError(415, 'The form must be sent as multipart/form-data or URL-encoded.')
  }
  try {
    return await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': type }, body }).formData()
  } catch {
    throw httpError(400, 'The form data could not be read (a broken multipart body).')
  }
}

module.exports = { readBody, formData, bytesText, httpError, DRAIN_FACTOR }
