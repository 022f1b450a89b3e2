//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/comptoir/comptoir/embed/goappjs"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// cachePrefix names this app's service-worker caches. The agents' app lives
// on the same origin: each app deletes only caches of its own prefix.
const cachePrefix = "comptoir-widget-"

// prefix is where the server serves the widget's files.
const prefix = "/w"

// generate writes the static site the server embeds.
func generate() {
	out := flag.String("out", "embed/dist/widget", "directory to write the static site into")
	version := flag.String("version", "", "app version; changes the service worker's cache (required)")
	flag.Parse()
	if *version == "" {
		fmt.Fprintln(os.Stderr, "widget: -version is required (a content hash or commit)")
		os.Exit(2)
	}
	worker, err := workerTemplate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "widget:", err)
		os.Exit(1)
	}
	err = app.GenerateStaticWebsite(*out, &app.Handler{
		Name:        "Comptoir chat",
		ShortName:   "Chat",
		Title:       "Chat",
		Description: "Chat with the shop",
		Icon: app.Icon{
			Default: "/web/icon-192.png",
			Large:   "/web/icon-512.png",
			SVG:     "/web/icon.svg",
		},
		BackgroundColor: "#ffffff",
		ThemeColor:      "#ffffff",
		// One space: go-app replaces an empty label by "{progress}%"; the
		// prerendered panel shows its own loading state instead.
		LoadingLabel: " ",
		Styles:       []string{"/web/widget.css"},
		// Opens the chat's socket while the wasm loads (web/socket.js),
		// without holding up the page: go-app's Scripts would block parsing.
		RawHeaders:            []string{`<script async src="` + prefix + `/web/socket.js"></script>`},
		Resources:             app.PrefixedLocation(prefix),
		Version:               *version,
		ServiceWorkerTemplate: worker,
	})
	if err == nil {
		err = goappjs.Edit(*out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "widget: generating static website:", err)
		os.Exit(1)
	}
}

// workerTemplate is go-app's own service worker with this app's cache name,
// deleting only this app's old caches (go-app's deletes every other cache
// on the origin, the agents' app's included). It is derived from the pinned
// default rather than copied, and fails loudly if that default changes shape.
func workerTemplate() (string, error) {
	edits := []struct{ old, new string }{
		{`const cacheName = "app-" + "{{.Version}}";`,
			`const cacheName = "` + cachePrefix + `" + "{{.Version}}";`},
		{`if (key !== cacheName) {`,
			`if (key !== cacheName && key.startsWith("` + cachePrefix + `")) {`},
	}
	js := app.DefaultAppWorkerJS
	for _, e := range edits {
		if strings.Count(js, e.old) != 1 {
			return "", fmt.Errorf("go-app's service worker changed: %q not found once; update workerTemplate", e.old)
		}
		js = strings.Replace(js, e.old, e.new, 1)
	}
	return js, nil
}
