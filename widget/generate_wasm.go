//go:build wasm

package main

// generate is a no-op in the browser: RunWhenOnBrowser never returns there,
// and leaving the page generator out keeps it out of the wasm.
func generate() {}
