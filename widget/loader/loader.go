// Package loader ships widget.js, the script a merchant pastes on a shop: it
// draws the chat launcher, reads the page context and creates the widget
// iframe on demand. It is the only script Comptoir puts on the shop's page and
// is embedded here so that the server can serve it at /widget.js without a
// build step. Its contract with the shop and the iframe is in docs/widget.md.
package loader

import _ "embed"

// Script is the loader's source, served as application/javascript at
// /widget.js. It is small enough (under 4 KB gzipped, checked by the tests)
// to send uncompressed, but the server may gzip it like any static file.
//
//go:embed widget.js
var Script []byte
