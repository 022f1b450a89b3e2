//go:build wasm

package main

// generate is a no-op in the browser: RunWhenOnBrowser never returns there.
func generate() {}
