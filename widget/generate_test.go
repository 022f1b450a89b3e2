//go:build !wasm

package main

import (
	"strings"
	"testing"
)

func TestWorkerTemplateKeepsOtherAppsCaches(t *testing.T) {
	js, err := workerTemplate()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`const cacheName = "comptoir-widget-" + "{{.Version}}";`,
		`key !== cacheName && key.startsWith("comptoir-widget-")`,
	} {
		if !strings.Contains(js, want) {
			t.Errorf("worker template lacks %s", want)
		}
	}
}
