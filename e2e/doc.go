// Package e2e holds Comptoir's end-to-end browser tests: real Chromium,
// driven with chromedp, against the real server (server/testserver) with the
// embedded WebAssembly apps. The package has no code of its own besides this
// comment; everything is in the _test.go files.
//
// Run them with `make apps` done once (the apps are embedded at compile
// time), then `go test -race ./e2e/`. Set UPDATE_SCREENSHOT=1 to rewrite
// docs/screenshot.png from the chat scenario.
package e2e
