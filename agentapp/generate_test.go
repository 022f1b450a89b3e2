//go:build !wasm

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/agentapp/ui"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestBuildWritesAnAppScopedToItsPrefix(t *testing.T) {
	app.Route("/", func() app.Composer { return &ui.Desk{} })
	dir := t.TempDir()
	if err := build(dir, "v-test"); err != nil {
		t.Fatal(err)
	}

	t.Run("manifest scope and start_url are the app's folder", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(dir, "manifest.webmanifest"))
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Scope    string `json:"scope"`
			StartURL string `json:"start_url"`
			Icons    []struct {
				Src string `json:"src"`
			} `json:"icons"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m.Scope != "/agent/" || m.StartURL != "/agent/" {
			t.Errorf("scope %q start_url %q", m.Scope, m.StartURL)
		}
		for _, ic := range m.Icons {
			if !strings.HasPrefix(ic.Src, "/agent/web/") {
				t.Errorf("icon %q is not local", ic.Src)
			}
			if _, err := os.Stat(filepath.Join("web", strings.TrimPrefix(ic.Src, "/agent/web/"))); err != nil {
				t.Errorf("icon %q is not committed: %v", ic.Src, err)
			}
		}
	})

	t.Run("the worker only touches its own caches", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(dir, "app-worker.js"))
		if err != nil {
			t.Fatal(err)
		}
		w := string(b)
		for _, want := range []string{
			`const cacheName = "comptoir-agent-" + "v-test";`,
			`key !== cacheName && key.startsWith("comptoir-agent-")`,
		} {
			if !strings.Contains(w, want) {
				t.Errorf("worker lacks %s", want)
			}
		}
	})

	t.Run("the page loads everything from under the prefix, nothing remote", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		for _, want := range []string{`href="/agent/web/agent.css"`, `src="/agent/app.js"`, `href="/agent/manifest.webmanifest"`} {
			if !strings.Contains(page, want) {
				t.Errorf("index.html lacks %s", want)
			}
		}
		if strings.Contains(page, "githubusercontent") {
			t.Error("index.html loads a remote icon")
		}
	})
}
