// Package limit keeps token buckets per key (an IP, a visitor, an account)
// on golang.org/x/time/rate, with the clock injected and idle keys swept so
// that a scan from many addresses cannot grow memory without bound.
package limit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rule is a rate: Burst events at once, refilled at Per / Burst intervals
// (Burst events per Per on average).
type Rule struct {
	Burst int
	Per   time.Duration
}

// Keyed limits events per key.
type Keyed struct {
	rule Rule
	now  func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// MaxKeys bounds the keys one Keyed holds; past it, the oldest half is
// dropped (forgetting a bucket only ever lets a client through sooner).
const MaxKeys = 100_000

// New returns a limiter for rule, using now as the clock (nil: time.Now).
func New(rule Rule, now func() time.Time) *Keyed {
	if now == nil {
		now = time.Now
	}
	return &Keyed{rule: rule, now: now, buckets: make(map[string]*bucket)}
}

func (k *Keyed) limit() rate.Limit {
	return rate.Every(k.rule.Per / time.Duration(max(k.rule.Burst, 1)))
}

func (k *Keyed) get(key string, now time.Time) *bucket {
	b := k.buckets[key]
	if b == nil {
		k.sweep(now)
		b = &bucket{lim: rate.NewLimiter(k.limit(), k.rule.Burst)}
		k.buckets[key] = b
	}
	b.seen = now
	return b
}

// Allow takes one event for key. When refused, retryAfter says when one
// will be allowed.
func (k *Keyed) Allow(key string) (ok bool, retryAfter time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	now := k.now()
	b := k.get(key, now)
	r := b.lim.ReserveN(now, 1)
	if !r.OK() {
		return false, k.rule.Per
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Blocked says whether key has no event left, without taking one, and when
// one will be available: for counting failures (sign-ins) rather than tries.
func (k *Keyed) Blocked(key string) (bool, time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	now := k.now()
	b := k.buckets[key]
	if b == nil || b.lim.TokensAt(now) >= 1 {
		return false, 0
	}
	missing := 1 - b.lim.TokensAt(now)
	return true, time.Duration(missing * float64(time.Second) / float64(k.limit()))
}

// Take records one event for key even past the limit (a failed sign-in).
func (k *Keyed) Take(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	now := k.now()
	k.get(key, now).lim.AllowN(now, 1)
}

// Reset forgets key (a successful sign-in clears its failures).
func (k *Keyed) Reset(key string) {
	k.mu.Lock()
	delete(k.buckets, key)
	k.mu.Unlock()
}

// sweep drops buckets idle long enough to be full again, at most once per
// rule period, and halves the map when it is over MaxKeys.
func (k *Keyed) sweep(now time.Time) {
	if now.Sub(k.swept) < k.rule.Per && len(k.buckets) < MaxKeys {
		return
	}
	k.swept = now
	for key, b := range k.buckets {
		if now.Sub(b.seen) >= k.rule.Per {
			delete(k.buckets, key)
		}
	}
	for key := range k.buckets {
		if len(k.buckets) < MaxKeys/2 {
			break
		}
		delete(k.buckets, key)
	}
}

// Len is how many keys are tracked.
func (k *Keyed) Len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.buckets)
}

// ByRule hands out one Keyed per rule, so that limits configured per site
// need no per-site bookkeeping: sites with the same rule share a Keyed
// (their keys carry the site), and a changed rule simply picks another.
type ByRule struct {
	now func() time.Time

	mu    sync.Mutex
	rules map[Rule]*Keyed
}

// NewByRule returns an empty set using now as the clock (nil: time.Now).
func NewByRule(now func() time.Time) *ByRule {
	return &ByRule{now: now, rules: make(map[Rule]*Keyed)}
}

// For returns the limiter of rule.
func (b *ByRule) For(rule Rule) *Keyed {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := b.rules[rule]
	if k == nil {
		k = New(rule, b.now)
		b.rules[rule] = k
	}
	return k
}
