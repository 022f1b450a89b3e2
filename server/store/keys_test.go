package store

import (
	"bytes"
	"testing"
)

// FuzzKeys: composite keys keep their owner's range. A key built for one
// conversation or site must never fall in another's prefix scan, and ids
// must sort as numbers.
func FuzzKeys(f *testing.F) {
	f.Add(uint64(1), uint64(2), "cid-1", "cust-42")
	f.Add(uint64(0), uint64(1<<63), "", "\x00\xff")
	f.Add(uint64(255), uint64(256), "\x00\x00\x00\x00\x00\x00\x01\x00", "x")
	f.Fuzz(func(t *testing.T, a, b uint64, cid, ext string) {
		if btoi(itob(a)) != a {
			t.Fatalf("itob/btoi round trip failed for %d", a)
		}
		if (a < b) != (bytes.Compare(itob(a), itob(b)) < 0) {
			t.Fatalf("itob(%d) and itob(%d) do not sort as numbers", a, b)
		}
		p := pair(a, b)
		if btoi(p[:8]) != a || btoi(p[8:]) != b {
			t.Fatalf("pair(%d, %d) does not split back", a, b)
		}
		for _, k := range [][]byte{cidKey(a, cid), extKey(a, ext), p} {
			if !bytes.HasPrefix(k, itob(a)) {
				t.Fatalf("key %x is outside owner %d's range", k, a)
			}
			if a != b && bytes.HasPrefix(k, itob(b)) {
				t.Fatalf("key %x of owner %d falls in owner %d's range", k, a, b)
			}
		}
		if a != b && bytes.Equal(cidKey(a, cid), cidKey(b, cid)) {
			t.Fatal("two conversations share a cid key")
		}
	})
}
