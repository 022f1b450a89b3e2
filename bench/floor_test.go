package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/fasthttp/websocket"
	bolt "go.etcd.io/bbolt"
)

// storedFrames reads back what a durable floor's store holds, in order.
func storedFrames(t *testing.T, st *floorStore) []string {
	t.Helper()
	var got []string
	if st.db != nil {
		err := st.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(floorBucket).ForEach(func(_, v []byte) error {
				got = append(got, string(v))
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	data, err := os.ReadFile(st.log.Name())
	if err != nil {
		t.Fatal(err)
	}
	for len(data) >= 4 {
		n := binary.BigEndian.Uint32(data)
		if n == 0 {
			break // the zeros written beforehand
		}
		got = append(got, string(data[4:4+n]))
		data = data[4+n:]
	}
	return got
}

func TestDurableFloorStoresEveryFrameBeforeAnswering(t *testing.T) {
	for _, kind := range []string{"bbolt", "log"} {
		t.Run(kind, func(t *testing.T) {
			st, err := openFloorStore(kind)
			if err != nil {
				t.Fatal(err)
			}
			defer st.close()
			var wg sync.WaitGroup
			for i := range 200 {
				wg.Go(func() {
					if err := st.commit(fmt.Appendf(nil, "frame %d", i)); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			got := storedFrames(t, st)
			if len(got) != 200 {
				t.Fatalf("%d frames stored after 200 commits answered, want 200", len(got))
			}
			seen := map[string]bool{}
			for _, g := range got {
				seen[g] = true
			}
			for i := range 200 {
				if !seen[fmt.Sprintf("frame %d", i)] {
					t.Fatalf("frame %d answered but not stored", i)
				}
			}
		})
	}
	if _, err := openFloorStore("memory"); err == nil {
		t.Fatal("an unknown kind of durable floor was accepted")
	}
}

func TestDurableFloorForwardsWhatItStored(t *testing.T) {
	f, err := startFloor("log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.close()
	dial := func(id string) *websocket.Conn {
		ws, _, err := websocket.DefaultDialer.Dial(f.url(id), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ws.Close() })
		return ws
	}
	agent, visitor := dial("a0"), dial("v0")
	for f.count.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	if err := visitor.WriteMessage(websocket.TextMessage, []byte("a0|hello")); err != nil {
		t.Fatal(err)
	}
	agent.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, got, err := agent.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte("hello")) {
		t.Fatalf("forwarded %q, want hello", got)
	}
	if stored := storedFrames(t, f.store); len(stored) != 1 || stored[0] != "hello" {
		t.Fatalf("stored %q when it forwarded, want [hello]", stored)
	}
}

// BenchmarkDurableFloorAlone is the durable floors' stores with nothing
// else running: b.N writes of 300 bytes offered open loop at 2,000 a
// second (the stream's rate), each from its scheduled time to its commit.
// Against the stream's durable floors, it tells the disk's share of their
// tail from the machine's. go test -run '^$' -bench DurableFloorAlone -benchtime 40000x ./bench
func BenchmarkDurableFloorAlone(b *testing.B) {
	const rate = 2000
	for _, kind := range []string{"bbolt", "log"} {
		b.Run(kind, func(b *testing.B) {
			st, err := openFloorStore(kind)
			if err != nil {
				b.Fatal(err)
			}
			defer st.close()
			h := newHist()
			payload := make([]byte, 300)
			interval := time.Second / rate
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				due := start.Add(time.Duration(i) * interval)
				time.Sleep(time.Until(due))
				wg.Go(func() {
					if err := st.commit(payload); err != nil {
						b.Error(err)
					}
					h.record(time.Since(due))
				})
			}
			wg.Wait()
			s := h.summary()
			b.ReportMetric(s.p50, "p50-ms")
			b.ReportMetric(s.p99, "p99-ms")
			b.ReportMetric(s.p999, "p99.9-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}
