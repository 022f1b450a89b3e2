package limit

import (
	"fmt"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestKeyed(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := New(Rule{Burst: 3, Per: time.Minute}, c.now)

	t.Run("a burst is allowed, then refused with a retry delay", func(t *testing.T) {
		for i := range 3 {
			if ok, _ := l.Allow("ip1"); !ok {
				t.Fatalf("event %d refused", i)
			}
		}
		ok, retry := l.Allow("ip1")
		if ok || retry != 20*time.Second {
			t.Fatalf("4th event: ok=%v retry=%v, want refused with 20s", ok, retry)
		}
	})
	t.Run("another key has its own bucket", func(t *testing.T) {
		if ok, _ := l.Allow("ip2"); !ok {
			t.Fatal("ip2 refused")
		}
	})
	t.Run("time refills the bucket", func(t *testing.T) {
		c.advance(20 * time.Second)
		if ok, _ := l.Allow("ip1"); !ok {
			t.Fatal("refused after refill")
		}
	})
	t.Run("failures counted with Take block once the burst is spent", func(t *testing.T) {
		f := New(Rule{Burst: 2, Per: 10 * time.Minute}, c.now)
		f.Take("ana@shop")
		if blocked, _ := f.Blocked("ana@shop"); blocked {
			t.Fatal("blocked after one failure")
		}
		f.Take("ana@shop")
		blocked, retry := f.Blocked("ana@shop")
		if !blocked || retry != 5*time.Minute {
			t.Fatalf("blocked=%v retry=%v", blocked, retry)
		}
		f.Reset("ana@shop")
		if blocked, _ := f.Blocked("ana@shop"); blocked {
			t.Fatal("still blocked after reset")
		}
	})
	t.Run("idle keys are swept", func(t *testing.T) {
		s := New(Rule{Burst: 1, Per: time.Second}, c.now)
		for i := range 1000 {
			s.Allow(fmt.Sprint(i))
		}
		c.advance(2 * time.Second)
		s.Allow("new")
		if n := s.Len(); n != 1 {
			t.Fatalf("%d keys kept", n)
		}
	})
}

func TestByRule(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	b := NewByRule(c.now)
	strict, loose := Rule{Burst: 1, Per: time.Minute}, Rule{Burst: 5, Per: time.Minute}
	if first, again := b.For(strict), b.For(strict); first != again {
		t.Fatal("the same rule gave two limiters")
	}
	b.For(strict).Allow("site1|v1")
	if ok, _ := b.For(strict).Allow("site1|v1"); ok {
		t.Fatal("strict rule let a second event through")
	}
	t.Run("a site whose rule changed counts afresh under the new rule", func(t *testing.T) {
		if ok, _ := b.For(loose).Allow("site1|v1"); !ok {
			t.Fatal("refused under the new rule")
		}
	})
}
