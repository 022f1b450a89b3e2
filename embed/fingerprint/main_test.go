package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestFingerprint(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "web/app.wasm", "\x00asm wasm bytes")
	write(t, dir, "web/widget.css", "body{}")
	write(t, dir, "wasm_exec.js", "go runtime")
	write(t, dir, "app.css", ".goapp{}")
	write(t, dir, "app.js", `const wasm = "/w/web/app.wasm"; register("/w/app-worker.js");`)
	write(t, dir, "index.html", `<link href="/w/app.css"><link href="/w/web/widget.css"><script src="/w/wasm_exec.js"></script><script src="/w/app.js"></script><a href="/w/app.json">`)
	write(t, dir, "app-worker.js", `["/w/app.js","/w/web/app.wasm","/w/web/icon.png"]`)
	if err := fingerprint(dir, "/w"); err != nil {
		t.Fatal(err)
	}
	html := read(t, dir, "index.html")
	hashedURL := regexp.MustCompile(`/w/(web/)?[a-z_]+\.[0-9a-f]{12}\.(js|css|wasm)`)

	t.Run("every script and style the page loads has a hashed name that exists", func(t *testing.T) {
		urls := hashedURL.FindAllString(html, -1)
		if len(urls) != 4 {
			t.Fatalf("hashed URLs in index.html: %v\n%s", urls, html)
		}
		for _, u := range urls {
			if _, err := os.Stat(filepath.Join(dir, strings.TrimPrefix(u, "/w/"))); err != nil {
				t.Errorf("%s: %v", u, err)
			}
		}
	})
	t.Run("app.js points at the hashed wasm and is hashed after that change", func(t *testing.T) {
		matches, _ := filepath.Glob(filepath.Join(dir, "app.*.js"))
		if len(matches) != 1 {
			t.Fatalf("app.js renamed to %v", matches)
		}
		js, _ := os.ReadFile(matches[0])
		if !hashedURL.Match(js) || !strings.Contains(string(js), `"/w/app-worker.js"`) {
			t.Fatalf("app.js: %s", js)
		}
	})
	t.Run("the worker caches the hashed files and keeps unhashed ones", func(t *testing.T) {
		w := read(t, dir, "app-worker.js")
		if strings.Contains(w, `"/w/app.js"`) || strings.Contains(w, `"/w/web/app.wasm"`) || !strings.Contains(w, `"/w/web/icon.png"`) {
			t.Fatalf("worker: %s", w)
		}
	})
	t.Run("a similar name is left alone", func(t *testing.T) {
		if !strings.Contains(html, `"/w/app.json"`) {
			t.Fatal("app.json was rewritten")
		}
	})
	t.Run("running twice changes nothing", func(t *testing.T) {
		before := read(t, dir, "index.html")
		if err := fingerprint(dir, "/w"); err != nil {
			t.Fatal(err)
		}
		if read(t, dir, "index.html") != before {
			t.Fatal("second run rewrote the page")
		}
	})
}
