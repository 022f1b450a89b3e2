package chat

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/comptoir/comptoir/server/limit"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// siteLimits are the limiters built from one site's settings.
type siteLimits struct {
	rules    store.SiteLimits
	messages *limit.Keyed // per visitor
	convs    *limit.Keyed // new conversations per visitor
	perIP    *limit.Keyed // messages per client address
}

// limits holds the limiters of every site, rebuilt when a site's settings change.
type limits struct {
	now func() time.Time

	mu    sync.Mutex
	sites map[uint64]*siteLimits
}

func newLimits(now func() time.Time) *limits {
	return &limits{now: now, sites: make(map[uint64]*siteLimits)}
}

func (l *limits) forSite(site store.Site) *siteLimits {
	rules := site.Limits.WithDefaults()
	l.mu.Lock()
	defer l.mu.Unlock()
	sl := l.sites[site.ID]
	if sl == nil || sl.rules != rules {
		sl = &siteLimits{
			rules:    rules,
			messages: limit.New(limit.Rule{Burst: rules.MessagesPerMinute, Per: time.Minute}, l.now),
			convs:    limit.New(limit.Rule{Burst: rules.ConversationsPerHour, Per: time.Hour}, l.now),
			perIP:    limit.New(limit.Rule{Burst: rules.MessagesPerIPPerMinute, Per: time.Minute}, l.now),
		}
		l.sites[site.ID] = sl
	}
	return sl
}

// tooFast is the error frame for a refused send.
func tooFast(cid string, retry time.Duration, what string) *wire.Error {
	secs := max(int(math.Ceil(retry.Seconds())), 1)
	return &wire.Error{Code: wire.CodeRateLimited, CID: cid, Message: fmt.Sprintf("%s; please wait %d s and send again", what, secs)}
}
