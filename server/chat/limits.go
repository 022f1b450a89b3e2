package chat

import (
	"fmt"
	"math"
	"time"

	"github.com/comptoir/comptoir/server/limit"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// siteLimits are one site's limiters. Sites with the same rules share the
// limiters (limit.ByRule); visitor ids are unique across sites and address
// keys carry the site, so each site still counts on its own.
type siteLimits struct {
	site     string       // key prefix for addresses
	messages *limit.Keyed // per visitor
	convs    *limit.Keyed // new conversations per visitor
	perIP    *limit.Keyed // messages per client address, per site
}

// limits derives each site's limiters from its settings at each use, so a
// settings change applies at once.
type limits struct {
	rules *limit.ByRule
}

func newLimits(now func() time.Time) *limits {
	return &limits{rules: limit.NewByRule(now)}
}

func (l *limits) forSite(site store.Site) siteLimits {
	r := site.Limits.WithDefaults()
	return siteLimits{
		site:     idString(site.ID) + "|",
		messages: l.rules.For(limit.Rule{Burst: r.MessagesPerMinute, Per: time.Minute}),
		convs:    l.rules.For(limit.Rule{Burst: r.ConversationsPerHour, Per: time.Hour}),
		perIP:    l.rules.For(limit.Rule{Burst: r.MessagesPerIPPerMinute, Per: time.Minute}),
	}
}

// tooFast is the error frame for a refused send.
func tooFast(cid string, retry time.Duration, what string) *wire.Error {
	secs := max(int(math.Ceil(retry.Seconds())), 1)
	return &wire.Error{Code: wire.CodeRateLimited, CID: cid, Message: fmt.Sprintf("%s; please wait %d s and send again", what, secs)}
}
