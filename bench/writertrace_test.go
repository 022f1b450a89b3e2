package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/trace"
	"sync"
	"testing"

	"github.com/comptoir/comptoir/server/store"
)

// TestWriterTraceReadsTheStoresCommits traces a real store taking writes
// from 8 goroutines and checks that every commit is found, with its two
// syncs: the reading depends on bbolt's and the store's function names.
func TestWriterTraceReadsTheStoresCommits(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	site, err := db.CreateSite(store.Site{Key: "pk_t", Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(dir, "t.trace"))
	if err != nil {
		t.Fatal(err)
	}
	if err := trace.Start(out); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			v, err := db.CreateVisitor(site.ID, fmt.Sprint("tok-", w), store.VisitorUpdate{})
			if err != nil {
				t.Error(err)
				return
			}
			var conv uint64
			for i := range 50 {
				a, err := db.AppendMessage(store.NewMessage{ConvID: conv, SiteID: site.ID, VisitorID: v.ID, CID: fmt.Sprint(w, "-", i), Author: store.Author{Kind: store.AuthorVisitor}, Body: "hello"})
				if err != nil {
					t.Error(err)
					return
				}
				conv = a.Conversation.ID
			}
		})
	}
	wg.Wait()
	trace.Stop()
	out.Close()

	f, err := writerTrace(out.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Log(f)
	if len(f.dataSync) < 10 || len(f.metaSync) != len(f.dataSync) {
		t.Fatalf("%d data syncs, %d meta syncs: the commits were not found", len(f.dataSync), len(f.metaSync))
	}
	if len(f.cycles) < len(f.metaSync)-2 || f.pwrites < len(f.cycles) {
		t.Fatalf("%d cycles, %d page writes for %d commits", len(f.cycles), f.pwrites, len(f.metaSync))
	}
	if len(f.posterResume) == 0 || f.syscall == 0 || f.running == 0 {
		t.Fatalf("figures %+v", f)
	}
}
