package loader

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// maxGzipBytes is the loader's budget: it is on every page of the shop, so it
// must cost less than one round trip's worth of data.
const maxGzipBytes = 4096

func TestScriptFitsTheBudget(t *testing.T) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(Script); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("widget.js: %d bytes raw, %d bytes gzip -9 (budget %d)", len(Script), buf.Len(), maxGzipBytes)
	if buf.Len() > maxGzipBytes {
		t.Fatalf("widget.js is %d bytes gzipped, over the %d byte budget", buf.Len(), maxGzipBytes)
	}
}

func TestScriptIsOneIIFE(t *testing.T) {
	// Everything must stay inside the IIFE: a top-level declaration would be a
	// global on the shop's page.
	body := bytes.TrimSpace(Script)
	if i := bytes.Index(body, []byte("*/")); bytes.HasPrefix(body, []byte("/*")) && i > 0 {
		body = bytes.TrimSpace(body[i+2:])
	}
	if !bytes.HasPrefix(body, []byte("(() => {")) || !bytes.HasSuffix(body, []byte("})();")) {
		t.Fatalf("widget.js must be a single IIFE after its header comment")
	}
}
