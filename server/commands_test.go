package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// openCopy opens a backup file as a store and returns it.
func openCopy(t *testing.T, file string) *store.DB {
	t.Helper()
	dir := t.TempDir()
	if err := os.Rename(file, filepath.Join(dir, store.FileName)); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestBackupCommandOffline(t *testing.T) {
	data := t.TempDir()
	db, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateSite(store.Site{Key: "pk_offline", Name: "Shop"}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	var stdout, stderr bytes.Buffer

	t.Run("a running server's file is refused with the hot way to do it", func(t *testing.T) {
		err := backupCommand([]string{"--data", data, "--out", out}, env(nil), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "--url") {
			t.Fatalf("got %v", err)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Fatalf("a failed backup left %s", out)
		}
	})
	db.Close()

	t.Run("a stopped server's file is copied", func(t *testing.T) {
		if err := backupCommand([]string{"--out", out}, env(map[string]string{"COMPTOIR_DATA": data}), &stdout, &stderr); err != nil {
			t.Fatal(err)
		}
		if _, err := openCopy(t, out).SiteByKey("pk_offline"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("--out is required", func(t *testing.T) {
		if err := backupCommand([]string{"--data", data}, env(nil), &stdout, &stderr); err == nil {
			t.Fatal("no error")
		}
	})
}

func TestBackupCommandFromARunningServer(t *testing.T) {
	srv := testserver.Start(t)
	out := filepath.Join(t.TempDir(), "hot.db")
	var stdout, stderr bytes.Buffer
	args := []string{"--url", srv.URL + "/", "--email", testserver.AdminEmail, "--out", out}

	t.Run("a wrong password says so", func(t *testing.T) {
		err := backupCommand(args, env(map[string]string{"COMPTOIR_ADMIN_PASSWORD": "nope"}), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "invalid_credentials") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("an admin gets a consistent copy", func(t *testing.T) {
		pw := filepath.Join(t.TempDir(), "pw")
		os.WriteFile(pw, []byte(testserver.AdminPassword+"\n"), 0o600)
		if err := backupCommand(append(args, "--password-file", pw), env(nil), &stdout, &stderr); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(out)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("backup file: %v %v", fi, err)
		}
		if _, err := openCopy(t, out).SiteByKey(srv.SiteKey); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCompactCommand(t *testing.T) {
	data := t.TempDir()
	db, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := compactCommand([]string{"--data", data}, env(nil), &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "stop the server") {
		t.Fatalf("compacting a live store: %v", err)
	}
	db.Close()
	if err := compactCommand([]string{"--data", data}, env(nil), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "bytes in") {
		t.Fatalf("output %q", stdout.String())
	}
}
