package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// UploadsDir is the directory, inside the data directory, that holds the
// uploaded files. Each file is named by its attachment id; its metadata
// lives in the attachments bucket.
const UploadsDir = "uploads"

// PendingUploadTTL is how long an upload may wait to be sent with a
// message before the sweep deletes it.
const PendingUploadTTL = 24 * time.Hour

// ErrUploadUnavailable is an attachment id that is not an upload of this
// author waiting to be sent: unknown, someone else's, of another site, or
// already sent. One error for all, so that ids leak nothing.
var ErrUploadUnavailable = errors.New("store: no such upload of yours waiting to be sent")

// Uploader is who uploaded a file: a visitor or an agent (Author kinds).
type Uploader struct {
	Kind string `json:"kind"`
	ID   uint64 `json:"id"`
}

// Attachment is an uploaded file's metadata. The bytes are in
// <data dir>/uploads/<ID>.
type Attachment struct {
	// ID is 128 random bits in hex: the file's name on disk and the
	// capability in its URL.
	ID string `json:"id"`
	// SiteID is the visitor's site; 0 for an agent's upload until it is
	// attached (an agent may work on several sites).
	SiteID   uint64   `json:"site,omitempty"`
	Uploader Uploader `json:"uploader"`
	// ConvID and Seq are the message it was sent with; 0 while pending.
	ConvID uint64 `json:"conv,omitempty"`
	Seq    uint64 `json:"seq,omitempty"`
	// Name is the cleaned original file name (upload.CleanName).
	Name string `json:"name"`
	// Type is the sniffed content type (upload.Check).
	Type      string    `json:"type"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"createdAt"`
}

// NewUpload is an upload to store; the bytes come from a reader.
type NewUpload struct {
	SiteID   uint64
	Uploader Uploader
	Name     string
	Type     string
}

// attachmentKey is the 16 bytes of an id in hex; nil when it is not one.
func attachmentKey(id string) []byte {
	if len(id) != 32 || strings.ToLower(id) != id {
		return nil
	}
	k, err := hex.DecodeString(id)
	if err != nil {
		return nil
	}
	return k
}

// pendingKey is kind|uploaderID|id: an uploader's waiting uploads are one
// range, which erasing a visitor deletes.
func pendingKey(u Uploader, key []byte) []byte {
	k := make([]byte, 0, 1+8+len(key))
	k = append(k, uploaderByte(u.Kind))
	k = append(k, itob(u.ID)...)
	return append(k, key...)
}

func uploaderByte(kind string) byte {
	if kind == AuthorAgent {
		return 'a'
	}
	return 'v'
}

// uploadPath is where an attachment's bytes are.
func (db *DB) uploadPath(id string) string { return filepath.Join(db.uploads, id) }

// SaveUpload writes r to a new file under uploads/ (a temporary file,
// fsynced, then renamed, so a file under its final name is always whole)
// and then commits its record, pending until a message takes it. The
// caller bounds r's length; Size and SHA256 are computed here.
func (db *DB) SaveUpload(u NewUpload, r io.Reader) (Attachment, error) {
	var raw [16]byte
	rand.Read(raw[:])
	a := Attachment{
		ID: hex.EncodeToString(raw[:]), SiteID: u.SiteID, Uploader: u.Uploader,
		Name: u.Name, Type: u.Type, CreatedAt: db.now().UTC(),
	}
	size, sum, err := writeFileSynced(db.uploads, a.ID, r)
	if err != nil {
		return Attachment{}, fmt.Errorf("store: write upload: %w", err)
	}
	a.Size, a.SHA256 = size, sum
	err = db.update(func(tx *bolt.Tx) error {
		if err := put(tx.Bucket(bucketAttachments), raw[:], &a); err != nil {
			return err
		}
		return tx.Bucket(bucketUploadsPending).Put(pendingKey(a.Uploader, raw[:]), nil)
	})
	if err != nil {
		os.Remove(db.uploadPath(a.ID))
		return Attachment{}, err
	}
	return a, nil
}

// writeFileSynced writes r to dir/name through a temporary file, and
// returns the size and hex SHA-256 of what it wrote.
func writeFileSynced(dir, name string, r io.Reader) (int64, string, error) {
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return 0, "", err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err == nil {
		err = syncDir(dir)
	}
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// syncDir makes a rename or a new file in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Attachment finds an attachment by id; ErrNotFound when there is none (a
// malformed id included).
func (db *DB) Attachment(id string) (Attachment, error) {
	key := attachmentKey(id)
	if key == nil {
		return Attachment{}, ErrNotFound
	}
	var a Attachment
	err := db.view(func(tx *bolt.Tx) error { return get(tx.Bucket(bucketAttachments), key, &a) })
	return a, err
}

// OpenUpload opens an attachment's bytes. The caller closes the file.
func (db *DB) OpenUpload(a Attachment) (*os.File, error) {
	if attachmentKey(a.ID) == nil {
		return nil, ErrNotFound
	}
	f, err := os.Open(db.uploadPath(a.ID))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}

// attach gives the uploads ids to message m of conv, inside AppendMessage's
// transaction: each must be a pending upload of the message's author and,
// when it has a site, of the conversation's site.
func attach(tx *bolt.Tx, ids []string, conv Conversation, m *Message) error {
	records := tx.Bucket(bucketAttachments)
	pending := tx.Bucket(bucketUploadsPending)
	byConv := tx.Bucket(bucketAttachmentsByConv)
	for _, id := range ids {
		key := attachmentKey(id)
		if key == nil {
			return fmt.Errorf("%w: %q", ErrUploadUnavailable, clipID(id))
		}
		var a Attachment
		err := get(records, key, &a)
		if err == nil && (a.ConvID != 0 || a.Uploader != (Uploader{Kind: m.Author.Kind, ID: m.Author.ID}) ||
			(a.SiteID != 0 && a.SiteID != conv.SiteID)) {
			err = ErrNotFound
		}
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("%w: %q", ErrUploadUnavailable, id)
		}
		if err != nil {
			return err
		}
		a.SiteID, a.ConvID, a.Seq = conv.SiteID, conv.ID, m.Seq
		if err := put(records, key, &a); err != nil {
			return err
		}
		if err := pending.Delete(pendingKey(a.Uploader, key)); err != nil {
			return err
		}
		if err := byConv.Put(append(itob(conv.ID), key...), nil); err != nil {
			return err
		}
		m.Attachments = append(m.Attachments, a)
	}
	return nil
}

func clipID(id string) string {
	if len(id) > 40 {
		return id[:40] + "…"
	}
	return id
}

// eraseAttachmentsOf deletes the records of a conversation's attachments
// and returns their ids, whose files the caller removes after the commit.
func eraseAttachmentsOf(tx *bolt.Tx, conv uint64) ([]string, error) {
	byConv := tx.Bucket(bucketAttachmentsByConv)
	records := tx.Bucket(bucketAttachments)
	var keys [][]byte
	prefix := itob(conv)
	c := byConv.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	ids := make([]string, 0, len(keys))
	for _, k := range keys {
		if err := records.Delete(k[8:]); err != nil {
			return nil, err
		}
		if err := byConv.Delete(k); err != nil {
			return nil, err
		}
		ids = append(ids, hex.EncodeToString(k[8:]))
	}
	return ids, nil
}

// erasePendingOf deletes an uploader's uploads not sent yet and returns
// their ids.
func erasePendingOf(tx *bolt.Tx, u Uploader) ([]string, error) {
	pending := tx.Bucket(bucketUploadsPending)
	records := tx.Bucket(bucketAttachments)
	prefix := pendingKey(u, nil)
	var keys [][]byte
	c := pending.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	ids := make([]string, 0, len(keys))
	for _, k := range keys {
		if err := records.Delete(k[len(prefix):]); err != nil {
			return nil, err
		}
		if err := pending.Delete(k); err != nil {
			return nil, err
		}
		ids = append(ids, hex.EncodeToString(k[len(prefix):]))
	}
	return ids, nil
}

// removeFiles deletes erased attachments' files, after the commit that
// erased their records: a crash in between leaves files without a record,
// which SweepUploads deletes at the next start.
func (db *DB) removeFiles(ids []string) {
	for _, id := range ids {
		if attachmentKey(id) != nil {
			os.Remove(db.uploadPath(id))
		}
	}
}

// Swept counts what SweepUploads deleted.
type Swept struct {
	// Stale are uploads never sent within PendingUploadTTL.
	Stale int
	// Orphans are files with no record (a crash between writing a file and
	// committing its record, or between an erase and its file deletion)
	// and leftover temporary files.
	Orphans int
}

// SweepUploads deletes uploads that were never sent and are older than
// PendingUploadTTL (by the store's clock), records and files. With orphans,
// it also deletes the files under uploads/ that no record names: call it so
// only before serving, while no upload can be between its file and its
// record.
func (db *DB) SweepUploads(orphans bool) (Swept, error) {
	var out Swept
	cutoff := db.now().Add(-PendingUploadTTL)
	var stale [][]byte
	err := db.view(func(tx *bolt.Tx) error {
		records := tx.Bucket(bucketAttachments)
		return tx.Bucket(bucketUploadsPending).ForEach(func(k, _ []byte) error {
			var a Attachment
			if err := get(records, k[9:], &a); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			if a.CreatedAt.Before(cutoff) {
				stale = append(stale, bytes.Clone(k))
			}
			return nil
		})
	})
	if err != nil {
		return out, err
	}
	var ids []string
	err = db.update(func(tx *bolt.Tx) error {
		ids = ids[:0]
		records := tx.Bucket(bucketAttachments)
		pending := tx.Bucket(bucketUploadsPending)
		for _, k := range stale {
			var a Attachment
			// Checked again: it may have been sent meanwhile.
			if pending.Get(k) == nil {
				continue
			}
			if err := get(records, k[9:], &a); err == nil && a.ConvID != 0 {
				continue
			}
			if err := records.Delete(k[9:]); err != nil {
				return err
			}
			if err := pending.Delete(k); err != nil {
				return err
			}
			ids = append(ids, hex.EncodeToString(k[9:]))
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	db.removeFiles(ids)
	out.Stale = len(ids)
	if orphans {
		n, err := db.sweepOrphanFiles()
		out.Orphans = n
		return out, err
	}
	return out, nil
}

func (db *DB) sweepOrphanFiles() (int, error) {
	entries, err := os.ReadDir(db.uploads)
	if err != nil {
		return 0, err
	}
	n := 0
	err = db.view(func(tx *bolt.Tx) error {
		records := tx.Bucket(bucketAttachments)
		for _, e := range entries {
			name := e.Name()
			if key := attachmentKey(name); key != nil && records.Get(key) != nil {
				continue
			}
			if e.IsDir() {
				continue
			}
			if os.Remove(filepath.Join(db.uploads, name)) == nil {
				n++
			}
		}
		return nil
	})
	return n, err
}

// StartUploadSweep deletes uploads never sent within PendingUploadTTL every
// interval, in the background, logging what it deleted. Files without a
// record are swept only by the SweepUploads(true) call at start. The
// returned stop waits for a sweep in progress; call it before Close.
func (db *DB) StartUploadSweep(every time.Duration, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	ticker := time.NewTicker(every)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			s, err := db.SweepUploads(false)
			switch {
			case err != nil && !errors.Is(err, ErrClosed):
				log.Error("upload sweep", "err", err)
			case s != (Swept{}):
				log.Info("deleted uploads never sent", "files", s.Stale)
			}
		}
	}()
	return func() {
		ticker.Stop()
		cancel()
		<-done
	}
}

// UploadsPath is the directory of the uploaded files, for backups and tests.
func (db *DB) UploadsPath() string { return db.uploads }
