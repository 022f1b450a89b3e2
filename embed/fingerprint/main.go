// Command fingerprint gives a built go-app app content-hashed file names, so
// the server can let browsers keep them for a year without asking again:
//
//	go run ./embed/fingerprint -prefix /w embed/dist/widget
//
// web/app.wasm becomes web/app.<hash>.wasm, and so on for the scripts and
// styles; every reference in the pages, app.js, the service worker and the
// manifest is rewritten. Entry points (index.html, app-worker.js,
// manifest.webmanifest) keep their names: they are revalidated on each load
// and are what points at the new hashes after a release.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// hashed matches a fingerprinted name; the server uses the same shape.
var hashed = regexp.MustCompile(`\.[0-9a-f]{12}\.[a-z]+$`)

// stages lists the files to fingerprint, leaves first: a file's hash must be
// taken after the names it references have been rewritten.
var stages = [][]string{
	{"web/app.wasm", "wasm_exec.js", "app.css", "web/*.css", "web/*.js"},
	{"app.js"},
}

// referrers are the text files whose references are rewritten.
var referrers = []string{"index.html", "app.js", "app-worker.js", "manifest.webmanifest"}

func main() {
	prefix := flag.String("prefix", "", "URL prefix the app is served under, e.g. /w")
	flag.Parse()
	if flag.NArg() != 1 || !strings.HasPrefix(*prefix, "/") {
		fmt.Fprintln(os.Stderr, "usage: fingerprint -prefix /w DIR")
		os.Exit(2)
	}
	if err := fingerprint(flag.Arg(0), strings.TrimRight(*prefix, "/")); err != nil {
		fmt.Fprintln(os.Stderr, "fingerprint:", err)
		os.Exit(1)
	}
}

func fingerprint(dir, prefix string) error {
	for _, stage := range stages {
		renames := map[string]string{} // "/w/app.js" → "/w/app.<hash>.js"
		for _, pattern := range stage {
			matches, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pattern)))
			if err != nil {
				return err
			}
			for _, file := range matches {
				rel := filepath.ToSlash(strings.TrimPrefix(file, dir+string(filepath.Separator)))
				if hashed.MatchString(rel) {
					continue // already done (make apps run twice)
				}
				data, err := os.ReadFile(file)
				if err != nil {
					return err
				}
				sum := sha256.Sum256(data)
				ext := path.Ext(rel)
				newRel := strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:6]) + ext
				if err := os.Rename(file, filepath.Join(dir, filepath.FromSlash(newRel))); err != nil {
					return err
				}
				renames[prefix+"/"+rel] = prefix + "/" + newRel
			}
		}
		if err := rewrite(dir, renames); err != nil {
			return err
		}
	}
	return nil
}

// rewrite replaces each old URL by its new one in the referrers. A URL is
// replaced only when followed by a quote or bracket, so "/w/app.js" never
// touches "/w/app.json".
func rewrite(dir string, renames map[string]string) error {
	if len(renames) == 0 {
		return nil
	}
	for _, name := range referrers {
		file := filepath.Join(dir, name)
		data, err := os.ReadFile(file)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		text := string(data)
		for old, new := range renames {
			for _, end := range []string{`"`, `'`, `)`, "`"} {
				text = strings.ReplaceAll(text, old+end, new+end)
			}
		}
		if text != string(data) {
			if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
