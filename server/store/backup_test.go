package store

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

func TestSnapshotIsAConsistentCopyWhileWriting(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, nil)
	site, v := fixture(t, db)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() { // a shopper keeps writing during the backup
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "w" + strconv.Itoa(i), Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "typing"}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	f, size, err := db.Snapshot()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The data file and the uploads directory, nothing else.
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("the snapshot left files in the data directory: %v", entries)
	}
	restored := t.TempDir()
	out, err := os.Create(filepath.Join(restored, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := io.Copy(out, f); err != nil || n != size {
		t.Fatalf("copied %d of %d: %v", n, size, err)
	}
	out.Close()
	want, _ := db.Sites()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	copyDB := openDir(t, restored, nil)
	defer copyDB.Close()
	if err := copyDB.Check(); err != nil {
		t.Fatal(err)
	}
	got, _ := copyDB.Sites()
	if len(got) != len(want) || got[0].Key != want[0].Key {
		t.Fatalf("sites %+v, want %+v", got, want)
	}
	// Messages in the copy have consecutive seqs: no half-written batch.
	convs, _ := copyDB.ConversationsOfVisitor(v.ID)
	for _, c := range convs {
		msgs, _ := copyDB.Messages(c.ID, 0, 0)
		if uint64(len(msgs)) != c.LastSeq {
			t.Fatalf("conversation %d: %d messages, lastSeq %d", c.ID, len(msgs), c.LastSeq)
		}
	}
}

func TestBackupOffline(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, nil)
	fixture(t, db)
	db.Close()
	out := filepath.Join(t.TempDir(), "backup.db")
	f, _ := os.Create(out)
	n, err := BackupOffline(dir, f)
	f.Close()
	if err != nil || n == 0 {
		t.Fatalf("%d %v", n, err)
	}
	restored := filepath.Dir(out)
	os.Rename(out, filepath.Join(restored, FileName))
	copyDB := openDir(t, restored, nil)
	defer copyDB.Close()
	if _, err := copyDB.SiteByKey("pk_test"); err != nil {
		t.Fatal(err)
	}
}
