package search

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"

	"github.com/blevesearch/bleve/v2/util"
	bolt "go.etcd.io/bbolt"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// childEnv makes this test binary serve the index (TestMain), as the
// comptoir binary does with its search-index argument.
const childEnv = "COMPTOIR_TEST_SEARCH_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		if err := ServeChild(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "search child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// childProcess starts this test binary as the index's process.
func childProcess() *exec.Cmd {
	cmd := SelfCommand()()
	cmd.Env = append(os.Environ(), childEnv+"=1")
	return cmd
}

// fixture is a real store in a temp dir with the index next to it, in a
// child process as in the server (or in this one: inProcess).
type fixture struct {
	t         testing.TB
	dir       string
	db        *store.DB
	x         *Index
	site      store.Site
	inProcess bool
}

func newFixture(t testing.TB) *fixture { return newFixtureIn(t, false) }

func newFixtureIn(t testing.TB, inProcess bool) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), inProcess: inProcess}
	f.open()
	site, err := f.db.CreateSite(store.Site{Key: "pk_a", Name: "Shop A"})
	if err != nil {
		t.Fatal(err)
	}
	f.site = site
	t.Cleanup(f.close)
	return f
}

func (f *fixture) open() {
	f.t.Helper()
	db, err := store.Open(f.dir, store.Options{})
	if err != nil {
		f.t.Fatal(err)
	}
	x, err := Open(filepath.Join(f.dir, DirName), db, f.options())
	if err != nil {
		f.t.Fatal(err)
	}
	f.db, f.x = db, x
}

func (f *fixture) options() Options {
	o := Options{Log: quiet}
	if !f.inProcess {
		o.Process = childProcess
	}
	return o
}

func (f *fixture) close() {
	if f.x != nil {
		if err := f.x.Close(); err != nil {
			f.t.Error(err)
		}
		f.x = nil
	}
	if f.db != nil {
		if err := f.db.Check(); err != nil {
			f.t.Error(err)
		}
		f.db.Close()
		f.db = nil
	}
}

func (f *fixture) flush() {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.x.Flush(ctx); err != nil {
		f.t.Fatal(err)
	}
}

// say stores a shopper's message on site, in a new conversation of a new
// visitor named name.
func (f *fixture) say(site uint64, name, body string) store.Appended {
	f.t.Helper()
	v, err := f.db.CreateVisitor(site, "tok-"+name+"-"+body, store.VisitorUpdate{Name: name})
	if err != nil {
		f.t.Fatal(err)
	}
	a, err := f.db.AppendMessage(store.NewMessage{SiteID: site, VisitorID: v.ID, CID: "c-" + body, Author: store.Author{Kind: store.AuthorVisitor}, Body: body})
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *fixture) find(text string, sites ...uint64) []Hit {
	f.t.Helper()
	hits, err := f.x.Search(Query{Text: text, Sites: sites})
	if err != nil {
		f.t.Fatalf("search %q: %v", text, err)
	}
	return hits
}

func plain(parts []wire.SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Match {
			b.WriteString("[" + p.Text + "]")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestSearchFindsMessagesAndContacts(t *testing.T) {
	t.Run("index in a child process", func(t *testing.T) { testSearchFinds(t, newFixtureIn(t, false)) })
	t.Run("index in this process", func(t *testing.T) { testSearchFinds(t, newFixtureIn(t, true)) })
}

func testSearchFinds(t *testing.T, f *fixture) {
	a := f.say(f.site.ID, "Zoé Martin", "My parcel never arrived, I want a refund")
	f.say(f.site.ID, "Bob", "Do you ship to Belgium?")
	f.flush()

	t.Run("a word of a message finds its conversation with the passage", func(t *testing.T) {
		hits := f.find("refund", f.site.ID)
		if len(hits) != 1 || hits[0].Match != wire.MatchMessage || hits[0].Conv != a.Conversation.ID || hits[0].Seq != 1 {
			t.Fatalf("hits %+v", hits)
		}
		if got := plain(hits[0].Snippet); got != "My parcel never arrived, I want a [refund]" {
			t.Fatalf("snippet %q", got)
		}
	})
	t.Run("the last word is completed as a prefix", func(t *testing.T) {
		if hits := f.find("parcel refu", f.site.ID); len(hits) != 1 {
			t.Fatalf("hits %+v", hits)
		}
	})
	t.Run("every word must match", func(t *testing.T) {
		if hits := f.find("parcel belgium", f.site.ID); len(hits) != 0 {
			t.Fatalf("hits %+v", hits)
		}
	})
	t.Run("accents and case are folded both ways", func(t *testing.T) {
		hits := f.find("ZOE", f.site.ID)
		if len(hits) != 1 || hits[0].Match != wire.MatchContact || plain(hits[0].Snippet) != "[Zoé] Martin" {
			t.Fatalf("hits %+v", hits)
		}
	})
	t.Run("a query without words is refused", func(t *testing.T) {
		if _, err := f.x.Search(Query{Text: " ?! ", Sites: []uint64{f.site.ID}}); err != ErrNoWords {
			t.Fatalf("err %v", err)
		}
	})
}

func TestSearchNeverCrossesSites(t *testing.T) {
	f := newFixture(t)
	other, err := f.db.CreateSite(store.Site{Key: "pk_b", Name: "Shop B"})
	if err != nil {
		t.Fatal(err)
	}
	f.say(f.site.ID, "Ann", "secret alpha word")
	f.say(other.ID, "Ben", "secret beta word")
	f.flush()
	if hits := f.find("secret", f.site.ID); len(hits) != 1 || !strings.Contains(plain(hits[0].Snippet), "alpha") {
		t.Fatalf("site A sees %+v", hits)
	}
	if hits := f.find("beta", f.site.ID); len(hits) != 0 {
		t.Fatalf("site A finds site B's text: %+v", hits)
	}
	if hits := f.find("secret"); len(hits) != 0 {
		t.Fatalf("no site: %+v", hits)
	}
	if hits := f.find("secret", f.site.ID, other.ID); len(hits) != 2 {
		t.Fatalf("both sites: %+v", hits)
	}
}

func TestContactUpdatesAreIndexed(t *testing.T) {
	f := newFixture(t)
	a := f.say(f.site.ID, "", "hello")
	if _, err := f.db.UpdateVisitor(a.Conversation.VisitorID, store.VisitorUpdate{Email: "kim@example.org", Attributes: map[string]string{"plan": "platinum"}}); err != nil {
		t.Fatal(err)
	}
	f.flush()
	for _, q := range []string{"kim@example.org", "platinum", "plan"} {
		hits := f.find(q, f.site.ID)
		if len(hits) != 1 || hits[0].Visitor != a.Conversation.VisitorID {
			t.Fatalf("%q: %+v", q, hits)
		}
	}
}

func TestEraseRemovesTextsFromTheIndex(t *testing.T) {
	f := newFixture(t)
	a := f.say(f.site.ID, "Erin Quux", "my card number is xylophone")
	kept := f.say(f.site.ID, "Kept", "xylophone lessons")
	f.flush()
	if hits := f.find("xylophone", f.site.ID); len(hits) != 2 {
		t.Fatalf("before: %+v", hits)
	}
	if _, err := f.db.EraseVisitor(1, a.Conversation.VisitorID); err != nil {
		t.Fatal(err)
	}
	f.flush()
	hits := f.find("xylophone", f.site.ID)
	if len(hits) != 1 || hits[0].Conv != kept.Conversation.ID {
		t.Fatalf("after erase: %+v", hits)
	}
	if hits := f.find("quux", f.site.ID); len(hits) != 0 {
		t.Fatalf("erased contact still found: %+v", hits)
	}

	t.Run("retention too", func(t *testing.T) {
		if _, err := f.db.EraseConversationsOlderThan(f.site.ID, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		f.flush()
		if hits := f.find("xylophone", f.site.ID); len(hits) != 0 {
			t.Fatalf("after retention: %+v", hits)
		}
		if hits := f.find("kept", f.site.ID); len(hits) != 0 {
			t.Fatalf("idle contact erased by retention still found: %+v", hits)
		}
	})
}

func TestChangesSurviveACrashBeforeIndexing(t *testing.T) {
	f := newFixture(t)
	f.say(f.site.ID, "Ann", "first words")
	f.flush()
	// Stop the index, then write as if it had crashed before indexing.
	if err := f.x.Close(); err != nil {
		t.Fatal(err)
	}
	f.x = nil
	f.say(f.site.ID, "Ann", "written while the index was down")
	f.close()

	f.open()
	f.flush()
	if hits := f.find("down", f.site.ID); len(hits) != 1 {
		t.Fatalf("change made while the index was down: %+v", hits)
	}
	if hits := f.find("first", f.site.ID); len(hits) != 1 {
		t.Fatalf("earlier text: %+v", hits)
	}
}

func TestIndexIsRebuiltWhenMissingOrStale(t *testing.T) {
	f := newFixture(t)
	f.say(f.site.ID, "Ann", "rebuilt from the store")
	f.flush()
	f.close()

	t.Run("missing", func(t *testing.T) {
		if err := os.RemoveAll(filepath.Join(f.dir, DirName)); err != nil {
			t.Fatal(err)
		}
		f.open()
		f.flush()
		if !f.x.Ready() {
			t.Fatal("not ready after flush")
		}
		if hits := f.find("rebuilt", f.site.ID); len(hits) != 1 {
			t.Fatalf("hits %+v", hits)
		}
		if hits := f.find("ann", f.site.ID); len(hits) != 1 || hits[0].Match != wire.MatchContact {
			t.Fatalf("contact: %+v", hits)
		}
		f.close()
	})
	t.Run("ahead of the store (a backup restored under it)", func(t *testing.T) {
		// A copy of the data file from now, while the index moves on.
		backup, err := os.ReadFile(filepath.Join(f.dir, store.FileName))
		if err != nil {
			t.Fatal(err)
		}
		f.open()
		f.say(f.site.ID, "Later", "written after the backup")
		f.flush()
		f.close()
		if err := os.WriteFile(filepath.Join(f.dir, store.FileName), backup, 0o600); err != nil {
			t.Fatal(err)
		}
		f.open()
		f.flush()
		if hits := f.find("backup", f.site.ID); len(hits) != 0 {
			t.Fatalf("text the restored store does not hold: %+v", hits)
		}
		if hits := f.find("rebuilt", f.site.ID); len(hits) != 1 {
			t.Fatalf("hits %+v", hits)
		}
	})
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("word ", 30) + "needle " + strings.Repeat("tail ", 60)
	i := strings.Index(long, "needle")
	for _, tc := range []struct {
		name, text string
		spans      [][2]int
		want       string
	}{
		{"short text whole, matches marked", "a b c", [][2]int{{2, 3}}, "a [b] c"},
		{"overlapping spans are merged", "refunded", [][2]int{{0, 6}, {0, 8}}, "[refunded]"},
		{"line breaks become spaces", "Ann\nann@x.org", [][2]int{{0, 3}}, "[Ann] ann@x.org"},
		{"bad spans are ignored", "abc", [][2]int{{2, 9}, {-1, 1}}, "abc"},
		{"a long text is cut around the match on word bounds", long, [][2]int{{i, i + 6}}, ""},
		{"multi-byte text is never cut inside a rune", strings.Repeat("é", 100) + " x", [][2]int{{201, 202}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := plain(Snippet(tc.text, tc.spans))
			if tc.want != "" && got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			if !strings.Contains(tc.text, strings.Trim(strings.ReplaceAll(strings.ReplaceAll(got, "[", ""), "]", ""), "…")) && !strings.Contains(tc.text, "\n") {
				t.Fatalf("snippet %q is not a passage of the text", got)
			}
			if len(got) > snippetWidth+20 {
				t.Fatalf("snippet too long: %d bytes", len(got))
			}
			if !strings.Contains(got, "[") && len(tc.spans) > 0 && tc.name != "bad spans are ignored" {
				t.Fatalf("match not marked: %q", got)
			}
			for _, r := range got {
				if r == '\uFFFD' {
					t.Fatalf("broken rune in %q", got)
				}
			}
		})
	}
}

// TestSnapshotsHoldNoValuePerConversation guards what made the index
// costly: bleve writes every internal value into each snapshot it
// persists (one per batch), so a value per conversation made every batch
// cost as much as the number of conversations.
func TestSnapshotsHoldNoValuePerConversation(t *testing.T) {
	f := newFixture(t)
	for i := range 30 {
		f.say(f.site.ID, fmt.Sprint("Shopper ", i), fmt.Sprint("parcel number ", i))
	}
	f.flush()
	if err := f.x.Close(); err != nil {
		t.Fatal(err)
	}
	f.x = nil
	root, err := bolt.Open(filepath.Join(f.dir, DirName, "store", "root.bolt"), 0o600, &bolt.Options{ReadOnly: true}) // scorch's own file
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var keys []string
	err = root.View(func(tx *bolt.Tx) error {
		snapshots := tx.Bucket(util.BoltSnapshotsBucket)
		if snapshots == nil {
			return errors.New("no snapshots bucket")
		}
		newest, _ := snapshots.Cursor().Last()
		internal := snapshots.Bucket(newest).Bucket(util.BoltInternalKey)
		return internal.ForEach(func(k, _ []byte) error { keys = append(keys, string(k)); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) > 4 {
		t.Fatalf("the newest snapshot holds %d internal values for 30 conversations: %q", len(keys), keys)
	}
}

func TestConversationIndexedAgainAfterRestart(t *testing.T) {
	f := newFixture(t)
	a := f.say(f.site.ID, "Ann", "first words about a parcel")
	f.flush()
	if err := f.x.Close(); err != nil {
		t.Fatal(err)
	}
	f.x = nil
	f.close()
	f.open() // a new process: it does not know what was indexed of the conversation
	if _, err := f.db.AppendMessage(store.NewMessage{ConvID: a.Conversation.ID, CID: "c-2", Author: store.Author{Kind: store.AuthorAgent, ID: 1}, Body: "second parcel words"}); err != nil {
		t.Fatal(err)
	}
	f.flush()
	hits := f.find("parcel", f.site.ID)
	if len(hits) != 2 {
		t.Fatalf("hits %+v, want the two messages once each", hits)
	}
}
