package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/comptoir/comptoir/server/config"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// command is a maintenance subcommand: `comptoir NAME [flags]`.
type command func(args []string, getenv func(string) string, stdout, stderr io.Writer) error

// commands are the subcommands main dispatches to before reading the
// server's settings.
var commands = map[string]command{
	"backup":  backupCommand,
	"compact": compactCommand,
}

// dataDefault is the data directory when --data is not given.
func dataDefault(getenv func(string) string) string {
	if d := getenv("COMPTOIR_DATA"); d != "" {
		return d
	}
	return config.DefaultData
}

// backupCommand copies the database to a file. With --url it asks a running
// server for a hot backup (GET /api/v1/admin/backup, signed in as an admin);
// without, it reads the data directory of a stopped server. It cannot read
// the file of a running server directly: bbolt holds an exclusive lock on it.
func backupCommand(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("comptoir backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", dataDefault(getenv), "data directory of a stopped server (COMPTOIR_DATA)")
	out := fs.String("out", "", "file to write the backup to (required; - for standard output)")
	url := fs.String("url", "", "public URL of a running server: take a hot backup through its admin API")
	email := fs.String("email", getenv("COMPTOIR_ADMIN_EMAIL"), "admin email for --url (COMPTOIR_ADMIN_EMAIL)")
	passwordFile := fs.String("password-file", "", "file holding the admin password for --url (default: COMPTOIR_ADMIN_PASSWORD)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage:\n  comptoir backup --out FILE [--data DIR]              (server stopped)\n  comptoir backup --out FILE --url URL --email EMAIL   (server running; password in COMPTOIR_ADMIN_PASSWORD or --password-file)\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("backup: --out FILE is required")
	}
	write := func(w io.Writer) (int64, error) {
		if *url != "" {
			password := getenv("COMPTOIR_ADMIN_PASSWORD")
			if *passwordFile != "" {
				b, err := os.ReadFile(*passwordFile)
				if err != nil {
					return 0, fmt.Errorf("backup: %w", err)
				}
				password = strings.TrimSpace(string(b))
			}
			if *email == "" || password == "" {
				return 0, errors.New("backup: --url needs an admin's --email and password (COMPTOIR_ADMIN_PASSWORD or --password-file)")
			}
			return remoteBackup(strings.TrimRight(*url, "/"), *email, password, w)
		}
		n, err := store.BackupOffline(*data, w)
		if errors.Is(err, store.ErrInUse) {
			return n, fmt.Errorf("%w\n  the server is running: take a hot backup through it instead:\n  comptoir backup --url https://your-comptoir --email ADMIN_EMAIL --out %s", err, *out)
		}
		return n, err
	}
	n, err := writeAtomically(*out, stdout, write)
	if err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(stderr, "backup: wrote %d bytes to %s\n", n, *out)
	}
	return nil
}

// writeAtomically writes to path through a temporary file that is synced and
// renamed, so a failed backup never leaves a truncated file under the
// final name. "-" writes to stdout.
func writeAtomically(path string, stdout io.Writer, write func(io.Writer) (int64, error)) (int64, error) {
	if path == "-" {
		return write(stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	n, err := write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o600)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return 0, err
	}
	return n, nil
}

// remoteBackup signs in to a running server as an admin and streams its
// hot backup to w.
func remoteBackup(url, email, password string, w io.Writer) (int64, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 0} // a large database takes its time
	body, _ := json.Marshal(wire.LoginRequest{Email: email, Password: password})
	req, err := http.NewRequest(http.MethodPost, url+"/api/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	// The server accepts sign-ins from its own origin only.
	req.Header.Set("Origin", url)
	res, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("backup: sign in to %s: %w", url, err)
	}
	if err := apiError(res, "sign in"); err != nil {
		return 0, err
	}
	res.Body.Close()
	res, err = client.Get(url + "/api/v1/admin/backup")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer res.Body.Close()
	if err := apiError(res, "download"); err != nil {
		return 0, err
	}
	n, err := io.Copy(w, res.Body)
	if err == nil && res.ContentLength >= 0 && n != res.ContentLength {
		err = fmt.Errorf("backup: the download stopped after %d of %d bytes", n, res.ContentLength)
	}
	return n, err
}

// apiError turns a non-200 answer into the server's own error message.
func apiError(res *http.Response, what string) error {
	if res.StatusCode == http.StatusOK {
		return nil
	}
	defer res.Body.Close()
	var e wire.ErrorBody
	data, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if json.Unmarshal(data, &e) == nil && e.Error.Code != "" {
		return fmt.Errorf("backup: %s: %s (%s)", what, e.Error.Message, e.Error.Code)
	}
	return fmt.Errorf("backup: %s: HTTP %d", what, res.StatusCode)
}

// compactCommand rewrites the data file of a stopped server without its
// free pages (see store.Compact): after an erase, this is what removes the
// erased bytes from the disk.
func compactCommand(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("comptoir compact", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", dataDefault(getenv), "data directory of a stopped server (COMPTOIR_DATA)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("compact: unexpected argument %q", fs.Arg(0))
	}
	start := time.Now()
	stats, err := store.Compact(*data)
	if errors.Is(err, store.ErrInUse) {
		return fmt.Errorf("%w\n  stop the server first: compaction swaps the data file", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compact: %s: %d → %d bytes in %s\n", filepath.Join(*data, store.FileName), stats.Before, stats.After, time.Since(start).Round(time.Millisecond))
	return nil
}
