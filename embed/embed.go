// Package embed carries what the build produces into the binary: the two
// go-app apps (pages, wasm, precompressed .br and .gz copies, icons) under
// dist/widget and dist/agent. `make build` fills dist/; a plain `go build`
// works before that, with only the placeholder, and the server then says
// which command builds the apps.
package embed

import stdembed "embed"

// Dist holds dist/ as built.
//
//go:embed all:dist
var Dist stdembed.FS
