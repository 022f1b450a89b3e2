// Command widget is the shopper's chat widget, a go-app app served by
// Comptoir under /w/ and shown in an iframe on shop pages.
//
// It is built twice (go-app's model):
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o embed/dist/widget/web/app.wasm ./widget
//	go run ./widget -out embed/dist/widget -version <hash>
//
// The first is the app; the second writes the static pages, scripts, manifest
// and service worker that load it (generate.go, native builds only, so none
// of the page generator is linked into the wasm). widget/web/* (icons, CSS)
// are then copied into embed/dist/widget/web/.
package main

import (
	"github.com/comptoir/comptoir/widget/ui"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	app.Route("/", func() app.Composer { return &ui.Chat{} })
	app.RunWhenOnBrowser()
	// Natively only: RunWhenOnBrowser never returns in a browser.
	generate()
}
