package goappjs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestEditGoAppsScript edits the app.js that the pinned go-app writes.
func TestEditGoAppsScript(t *testing.T) {
	dir := t.TempDir()
	if err := app.GenerateStaticWebsite(dir, &app.Handler{Name: "t", LoadingLabel: "{progress}%"}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Edit(dir); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(filepath.Join(dir, "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	js := string(after)
	if strings.Contains(js, "new Response(") {
		t.Error("the edited script still hands the wasm over in a Response of its own")
	}
	if !strings.Contains(js, "response.clone()") || !strings.HasSuffix(strings.TrimSpace(js), "return response;\n}") {
		t.Error("the edited script does not count progress on a copy and return the fetch's own response")
	}
	// Everything before the function is go-app's, untouched.
	head, _, _ := strings.Cut(string(before), goappFetch)
	if !strings.HasPrefix(js, head) || !strings.Contains(head, "instantiateStreaming(\n      fetchWithProgress(") {
		t.Error("the edit changed more than fetchWithProgress")
	}
	if err := Edit(dir); err == nil {
		t.Error("editing an edited script again succeeded: an unexpected script must fail the build")
	}
}
