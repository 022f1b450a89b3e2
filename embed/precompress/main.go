// Command precompress writes a brotli (.br) and a gzip (.gz) copy next to
// every compressible file under a directory, so the server sends the best
// encoding a browser accepts without compressing at request time.
//
//	go run ./embed/precompress embed/dist
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// compressible lists the extensions worth compressing (images are already).
var compressible = map[string]bool{
	".wasm": true, ".js": true, ".css": true, ".html": true, ".webmanifest": true,
	".json": true, ".svg": true, ".txt": true,
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress DIR")
		os.Exit(2)
	}
	var files []string
	err := filepath.WalkDir(os.Args[1], func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && compressible[filepath.Ext(p)] {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(files))
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := compress(f); err != nil {
				errs <- fmt.Errorf("%s: %w", f, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	failed := false
	for err := range errs {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
}

// compress writes f.br and f.gz unless they are newer than f. A variant
// that is not smaller than the original is not written: serving it gains
// nothing.
func compress(f string) error {
	info, err := os.Stat(f)
	if err != nil {
		return err
	}
	if fresh(f+".br", info) && fresh(f+".gz", info) {
		return nil
	}
	raw, err := os.ReadFile(f)
	if err != nil {
		return err
	}
	var br, gz bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
	if _, err := bw.Write(raw); err != nil {
		return err
	}
	if err := bw.Close(); err != nil {
		return err
	}
	gw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := gw.Write(raw); err != nil {
		return err
	}
	if err := gw.Close(); err != nil {
		return err
	}
	for ext, data := range map[string][]byte{".br": br.Bytes(), ".gz": gz.Bytes()} {
		if len(data) >= len(raw) {
			os.Remove(f + ext)
			continue
		}
		if err := os.WriteFile(f+ext, data, 0o644); err != nil {
			return err
		}
	}
	if strings.HasSuffix(f, ".wasm") {
		fmt.Printf("%s: %d bytes, gzip %d, brotli %d\n", f, len(raw), gz.Len(), br.Len())
	}
	return nil
}

func fresh(variant string, src os.FileInfo) bool {
	info, err := os.Stat(variant)
	return err == nil && !info.ModTime().Before(src.ModTime())
}
