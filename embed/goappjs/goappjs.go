// Package goappjs edits the app.js that go-app writes next to each app's
// pages, where go-app offers no setting for what Comptoir needs. Both apps'
// generators call it after app.GenerateStaticWebsite; each edit is checked,
// so a go-app upgrade that changes the script fails the build instead of
// shipping it unedited.
package goappjs

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// go-app's fetchWithProgress (v10.1.11) reads the wasm through a
// ReadableStream of its own to count the bytes, and hands
// instantiateStreaming a Response made in script. Such a Response has no
// URL, so the browser cannot keep the compiled module with the cached file
// (V8's wasm code cache is keyed by the response's URL): every open of the
// widget compiled the whole module again, after pumping it chunk by chunk
// through JavaScript.
const goappFetch = `async function fetchWithProgress(url, progess) {
  const response = await fetch(url);
`

// fetchDirect hands instantiateStreaming the fetch's own response and
// counts the progress on a copy, only when the loading label shows it.
const fetchDirect = `// Edited by Comptoir (embed/goappjs): the fetch's own response goes to
// instantiateStreaming, so that the browser keeps the compiled module with
// the cached file; the progress is counted on a copy.
async function fetchWithProgress(url, progess) {
  const response = await fetch(url);
  if (!response.ok || !response.body || !goappLoadingLabel.includes("{progress}")) {
    return response;
  }

  let contentLength = goappWasmContentLength;
  if (contentLength <= 0) {
    try {
      contentLength = response.headers.get(goappWasmContentLengthHeader);
    } catch { }
    if (!goappWasmContentLengthHeader || !contentLength) {
      contentLength = response.headers.get("Content-Length");
    }
  }
  const total = parseInt(contentLength, 10);
  if (!(total > 0)) {
    return response;
  }

  const reader = response.clone().body.getReader();
  (async () => {
    let loaded = 0;
    for (; ;) {
      const { done, value } = await reader.read();
      if (done) {
        progess(100);
        return;
      }
      loaded += value.byteLength;
      progess(Math.min(100, Math.round((loaded * 100) / total)));
    }
  })().catch(() => { });

  return response;
}
`

// Edit rewrites dir/app.js in place.
func Edit(dir string) error {
	path := filepath.Join(dir, "app.js")
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	js, err := edit(string(b))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, []byte(js), 0o644)
}

// edit replaces go-app's fetchWithProgress, the script's last function,
// with fetchDirect.
func edit(js string) (string, error) {
	if strings.Count(js, goappFetch) != 1 {
		return "", fmt.Errorf("go-app's app.js changed: fetchWithProgress not found once; update embed/goappjs")
	}
	head, tail, _ := strings.Cut(js, goappFetch)
	if !strings.Contains(tail, "new Response(") || strings.Contains(tail, "\nfunction ") || strings.Contains(tail, "\nasync function ") {
		return "", fmt.Errorf("go-app's app.js changed: fetchWithProgress is no longer the last function, or no longer makes its own Response; update embed/goappjs")
	}
	return head + fetchDirect, nil
}
