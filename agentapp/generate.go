//go:build !wasm

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/comptoir/comptoir/embed/goappjs"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// cachePrefix names this app's caches. The widget lives on the same origin
// with its own worker; each worker deletes only the caches of its own prefix.
const cachePrefix = "comptoir-agent-"

// generate writes the static part of the app to -out.
func generate() {
	out := flag.String("out", "", "directory to write the static website to (required)")
	version := flag.String("version", "", "app version, e.g. the git hash; a new value makes installed apps update (required)")
	flag.Parse()
	if *out == "" || *version == "" {
		fmt.Fprintln(os.Stderr, "usage: agentapp -out DIR -version V")
		os.Exit(2)
	}
	if err := build(*out, *version); err != nil {
		fmt.Fprintln(os.Stderr, "agentapp:", err)
		os.Exit(1)
	}
}

func build(out, version string) error {
	worker, err := workerTemplate()
	if err != nil {
		return err
	}
	h := &app.Handler{
		Name:            "Comptoir",
		ShortName:       "Comptoir",
		Title:           "Comptoir",
		Description:     "Answer your shoppers from one desk.",
		Lang:            "en",
		BackgroundColor: "#f6f5f1",
		ThemeColor:      "#1f5f5b",
		LoadingLabel:    "Comptoir {progress}%",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable.png",
			SVG:      "/web/icon.svg",
		},
		Resources:             app.PrefixedLocation(prefix),
		StartURL:              "/",
		Styles:                []string{"/web/agent.css"},
		CacheableResources:    []string{"/web/icon.svg"},
		Version:               version,
		ServiceWorkerTemplate: worker,
	}
	if err := app.GenerateStaticWebsite(out, h); err != nil {
		return fmt.Errorf("generating the static website: %w", err)
	}
	if err := goappjs.Edit(out); err != nil {
		return err
	}
	return fixManifest(filepath.Join(out, "manifest.webmanifest"))
}

// workerTemplate is go-app's service worker with this app's cache name, a
// cleanup limited to this app's caches, and the app's root cached as
// "/agent/" (what the browser navigates to) rather than "/agent". Each edit
// is checked, so an upgrade of go-app that changes the template fails the
// build instead of silently shipping a worker that wipes the widget's cache.
func workerTemplate() (string, error) {
	s := app.DefaultAppWorkerJS
	edits := []struct{ old, new string }{
		{`const cacheName = "app-" + "{{.Version}}";`, `const cacheName = "` + cachePrefix + `" + "{{.Version}}";`},
		{`if (key !== cacheName) {`, `if (key !== cacheName && key.startsWith("` + cachePrefix + `")) {`},
		{`const resourcesToCache = {{.ResourcesToCache}};`,
			`const resourcesToCache = {{.ResourcesToCache}}.map((u) => (u === "` + prefix + `" ? "` + prefix + `/" : u));`},
	}
	for _, e := range edits {
		if strings.Count(s, e.old) != 1 {
			return "", fmt.Errorf("go-app's service worker template changed: %q not found once", e.old)
		}
		s = strings.Replace(s, e.old, e.new, 1)
	}
	return s, nil
}

// fixManifest sets the manifest's scope and start_url to the app's folder:
// go-app writes scope "/", which would claim the whole origin (widget,
// demo page and API included) for the installed app.
func fixManifest(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	m["scope"] = prefix + "/"
	m["start_url"] = prefix + "/"
	m["id"] = prefix + "/"
	b, err = json.Marshal(m)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
