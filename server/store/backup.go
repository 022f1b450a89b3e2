package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Backup writes a consistent copy of the whole database to w (bbolt's
// tx.WriteTo inside one read transaction) and returns its size. Writers
// keep committing meanwhile; the copy is the state when it started.
//
// While the read transaction is open bbolt cannot grow its memory map, so a
// write that needs a larger file waits for it: copy to something fast (a
// local file, see Snapshot), not to a slow network peer.
func (db *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Snapshot copies the database to an already unlinked temporary file next
// to it and returns the file, rewound, with its size. The caller streams it
// at the client's pace and closes it; the disk space is freed on close, and
// nothing is left behind if the process dies. This keeps the read
// transaction as short as a local copy, however slow the download.
func (db *DB) Snapshot() (*os.File, int64, error) {
	f, err := os.CreateTemp(filepath.Dir(db.bolt.Path()), ".backup-*.db")
	if err != nil {
		return nil, 0, fmt.Errorf("store: backup: %w", err)
	}
	// Unlinked at once: only our descriptor keeps it.
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("store: backup: %w", err)
	}
	n, err := db.Backup(f)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("store: backup: %w", err)
	}
	return f, n, nil
}

// ErrInUse means another process (a running Comptoir) holds the data file.
var ErrInUse = errors.New("store: the data file is in use by a running Comptoir")

// openOffline opens the data file of dir for a maintenance command, failing
// fast with ErrInUse when a server holds bbolt's file lock.
func openOffline(path string, readOnly bool) (*bolt.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: readOnly})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("%w (%s)", ErrInUse, path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return b, nil
}

// BackupOffline copies the data file of a stopped server in dir to w. With
// the server running it fails with ErrInUse: use the admin endpoint then.
func BackupOffline(dir string, w io.Writer) (int64, error) {
	b, err := openOffline(filepath.Join(dir, FileName), true)
	if err != nil {
		return 0, err
	}
	defer b.Close()
	var n int64
	err = b.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// CompactStats tells how much a compaction saved.
type CompactStats struct {
	Before, After int64
}

// Compact rewrites the data file of a stopped server in dir without its
// free pages, which still hold the bytes of deleted records (erased
// contacts, expired conversations), and swaps it in atomically.
//
// It is offline on purpose: the running store hands its bbolt handle to
// readers without a lock (reads never wait for the writer), so swapping the
// file under a live server would need every read to take a lock. bbolt's
// file lock makes this safe: while a server runs, Compact fails with
// ErrInUse, and a server started meanwhile waits for the lock.
func Compact(dir string) (CompactStats, error) {
	path := filepath.Join(dir, FileName)
	src, err := openOffline(path, false)
	if err != nil {
		return CompactStats{}, err
	}
	// src stays open (and locked) until the new file is in place.
	defer src.Close()
	var stats CompactStats
	if fi, err := os.Stat(path); err == nil {
		stats.Before = fi.Size()
	}
	tmp := path + ".compact"
	os.Remove(tmp) // a leftover of an interrupted run
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return stats, fmt.Errorf("store: compact: %w", err)
	}
	if err := bolt.Compact(dst, src, 64<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return stats, fmt.Errorf("store: compact: %w", err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return stats, fmt.Errorf("store: compact: %w", err)
	}
	// bbolt fsyncs each commit; the rename is made durable by syncing the
	// directory.
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return stats, fmt.Errorf("store: compact: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	if fi, err := os.Stat(path); err == nil {
		stats.After = fi.Size()
	}
	return stats, nil
}
