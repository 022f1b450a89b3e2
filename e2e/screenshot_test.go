package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"testing"
)

// writeScreenshot puts the shopper's and the agent's screens side by side,
// on a light gutter, and writes the PNG to path.
func writeScreenshot(t *testing.T, path string, left, right []byte) {
	t.Helper()
	const gutter = 16
	a, b := decodePNG(t, left), decodePNG(t, right)
	w := gutter + a.Bounds().Dx() + gutter + b.Bounds().Dx() + gutter
	h := gutter + max(a.Bounds().Dy(), b.Bounds().Dy()) + gutter
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.RGBA{0xe5, 0xe7, 0xeb, 0xff}), image.Point{}, draw.Src)
	at := image.Pt(gutter, gutter)
	draw.Draw(out, a.Bounds().Sub(a.Bounds().Min).Add(at), a, a.Bounds().Min, draw.Src)
	at.X += a.Bounds().Dx() + gutter
	draw.Draw(out, b.Bounds().Sub(b.Bounds().Min).Add(at), b, b.Bounds().Min, draw.Src)

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, out); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%dx%d, %d KiB)", path, w, h, buf.Len()/1024)
}

func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot is no PNG: %v", err)
	}
	return img
}
