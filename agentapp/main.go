// Command agentapp is the agents' installable app (a go-app PWA served under
// /agent/). It is one package built twice: to WebAssembly, where main runs
// the UI, and natively, where main writes the static files (index.html,
// app.js, the service worker, the manifest) that the server embeds:
//
//	GOOS=js GOARCH=wasm go build -o embed/dist/agent/web/app.wasm ./agentapp
//	go run ./agentapp -out embed/dist/agent -version <hash>
//	cp agentapp/web/* embed/dist/agent/web/
package main

import (
	"github.com/comptoir/comptoir/agentapp/ui"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// prefix is where the server mounts the app. Client-side routing strips it.
const prefix = "/agent"

func main() {
	// One screen: the desk decides between sign-in and inbox from the
	// session, and the selected conversation is state, not a route, so a
	// reload lands on the inbox and not on a half-restored conversation.
	app.Route("/", func() app.Composer { return &ui.Desk{} })
	app.RunWhenOnBrowser()
	generate()
}
