package search

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/store"
)

var words = []string{"parcel", "refund", "delivery", "colour", "size", "invoice", "address", "tracking", "broken", "exchange", "gift", "voucher"}

// corpus stores n shopper messages of about 12 words in 100-message
// conversations.
func corpus(b *testing.B, f *fixture, n int) {
	b.Helper()
	var conv uint64
	var v store.Visitor
	for i := range n {
		if i%100 == 0 {
			var err error
			if v, err = f.db.CreateVisitor(f.site.ID, fmt.Sprint("t", i), store.VisitorUpdate{Name: fmt.Sprint("Shopper ", i)}); err != nil {
				b.Fatal(err)
			}
			conv = 0
		}
		body := ""
		for j := range 12 {
			body += words[(i*7+j*5)%len(words)] + fmt.Sprint(" w", (i+j)%997, " ")
		}
		a, err := f.db.AppendMessage(store.NewMessage{ConvID: conv, SiteID: f.site.ID, VisitorID: v.ID, CID: fmt.Sprint("c", i), Author: store.Author{Kind: store.AuthorVisitor}, Body: body})
		if err != nil {
			b.Fatal(err)
		}
		conv = a.Conversation.ID
	}
}

// BenchmarkIndexing measures how fast the index catches up with messages
// committed while it was stopped, as on a start after a crash (one op =
// one message indexed).
func BenchmarkIndexing(b *testing.B) {
	f := newFixture(b)
	if err := f.x.Close(); err != nil {
		b.Fatal(err)
	}
	corpus(b, f, b.N)
	b.ResetTimer()
	x, err := Open(filepath.Join(f.dir, DirName), f.db, f.options())
	if err != nil {
		b.Fatal(err)
	}
	f.x = x
	f.flush()
}

// BenchmarkSearch measures one search over 5,000 indexed messages.
func BenchmarkSearch(b *testing.B) {
	f := newFixture(b)
	corpus(b, f, 5000)
	f.flush()
	b.ResetTimer()
	for i := range b.N {
		if _, err := f.x.Search(Query{Text: words[i%len(words)] + " w1", Sites: []uint64{f.site.ID}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexOneAmongMany measures indexing one new message when 5,000
// conversations are indexed (one op = one message committed and indexed,
// the index's snapshot persisted): what each batch of the live stream
// costs on a busy site.
func BenchmarkIndexOneAmongMany(b *testing.B) {
	f := newFixture(b)
	var convs []store.Appended
	for i := range 5000 {
		convs = append(convs, f.say(f.site.ID, fmt.Sprint("Shopper ", i), fmt.Sprint("parcel ", i)))
	}
	f.flush()
	b.ResetTimer()
	before := cpuTime(f)
	defer func() { b.ReportMetric(float64((cpuTime(f)-before).Microseconds())/float64(b.N), "cpu-us/op") }()
	for i := range b.N {
		c := convs[i%len(convs)].Conversation
		if _, err := f.db.AppendMessage(store.NewMessage{ConvID: c.ID, CID: fmt.Sprint("more-", i), Author: store.Author{Kind: store.AuthorAgent, ID: 1}, Body: "refund on its way"}); err != nil {
			b.Fatal(err)
		}
		f.flush()
	}
}

// cpuTime is the CPU time (user and system) used so far by this process
// and f's index process (a steadier figure than wall time: each op here
// also waits for the index's gather).
func cpuTime(f *fixture) time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	d := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	if c, ok := f.x.engine.(*childEngine); ok && c.pid() != 0 {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.pid()))
		if err != nil {
			f.t.Fatal(err)
		}
		// utime and stime are fields 14 and 15, in ticks of 1/100 s.
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		utime, _ := strconv.ParseInt(fields[14-3], 10, 64)
		stime, _ := strconv.ParseInt(fields[15-3], 10, 64)
		d += time.Duration(utime+stime) * 10 * time.Millisecond
	}
	return d
}
