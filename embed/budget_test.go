package embed_test

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/embed"
)

// The WebAssembly budgets of issue 4, on the brotli copies `make apps`
// embeds (what a browser downloads). Sizes are exact, so this is a test.
func TestWasmBudgets(t *testing.T) {
	for app, budget := range map[string]int{
		"widget": 1_600_000, // 1.6 MB
		"agent":  2_500_000, // 2.5 MB
	} {
		t.Run(app+" wasm within budget", func(t *testing.T) {
			matches, _ := fs.Glob(embed.Dist, path.Join("dist", app, "web", "app.*.wasm.br"))
			if len(matches) != 1 {
				if os.Getenv("CI") == "true" {
					t.Fatalf("no built %s wasm embedded (%v): run make apps", app, matches)
				}
				t.Skipf("no built %s wasm embedded: run make apps", app)
			}
			data, err := fs.ReadFile(embed.Dist, matches[0])
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d bytes brotli (budget %d, %d left)", strings.TrimPrefix(matches[0], "dist/"), len(data), budget, budget-len(data))
			if len(data) > budget {
				t.Fatalf("%s is %d bytes brotli, over its budget of %d", matches[0], len(data), budget)
			}
		})
	}
}
