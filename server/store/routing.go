package store

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// What routing (package routing) keeps: who has a conversation, who waits
// in line, how long recent shoppers waited, teams, and each site's rules.

var (
	// bucketTeams holds teamID → Team.
	bucketTeams = []byte("teams")
	// bucketRoutingWaits holds siteID → JSON list of the site's last waits
	// in line, in milliseconds, newest last (at most KeptWaits).
	bucketRoutingWaits = []byte("routing_waits")
)

// KeptWaits is how many recent waits in line a site keeps.
const KeptWaits = 50

// SiteRouting is how a site's conversations reach agents.
type SiteRouting struct {
	// EscalateAfterSeconds escalates a conversation to the admins when its
	// shopper has waited this long for an answer; 0 never does.
	EscalateAfterSeconds int `json:"escalateAfterSeconds,omitempty"`
	// Rules send a new conversation to a team; the first that matches wins,
	// none: the whole site.
	Rules []RoutingRule `json:"rules,omitempty"`
	// PreChat is the optional form the widget shows before the first message.
	PreChat PreChat `json:"preChat,omitzero"`
}

// Rule fields: what a routing rule looks at.
const (
	RuleURL   = "url"   // the page the shopper is on; Pattern is a glob where * matches anything
	RuleLang  = "lang"  // the page's language; "fr" matches fr, fr-FR, fr-CA
	RuleTopic = "topic" // the topic picked in the pre-chat form, exactly
)

// RoutingRule sends conversations whose Field matches Pattern to Team.
type RoutingRule struct {
	Field   string `json:"field"`
	Pattern string `json:"pattern"`
	Team    uint64 `json:"team"`
}

// PreChat is a site's pre-chat form: name, email and a topic from Topics.
type PreChat struct {
	Enabled bool     `json:"enabled,omitempty"`
	Topics  []string `json:"topics,omitempty"`
}

// Team is a group of a site's agents (Sales, Orders & returns…).
type Team struct {
	ID      uint64   `json:"id"`
	SiteID  uint64   `json:"site"`
	Name    string   `json:"name"`
	Members []uint64 `json:"members,omitempty"`
}

// Routing event kinds (RoutingEvent.Kind).
const (
	EventTransferred = "transferred" // By handed it to Agent or Team (Note for them)
	EventEscalated   = "escalated"   // By (or the waiting limit, By empty) asked the admins
)

// RoutingEvent is what routing did to a conversation, kept in it as an
// agents-only system message: who got it, who handed it over and why.
type RoutingEvent struct {
	Kind      string `json:"kind"`
	Agent     uint64 `json:"agent,omitempty"`
	AgentName string `json:"agentName,omitempty"`
	Team      uint64 `json:"team,omitempty"`
	TeamName  string `json:"teamName,omitempty"`
	// By is the name of the agent who acted; empty: routing itself.
	By   string `json:"by,omitempty"`
	Note string `json:"note,omitempty"`
}

// Agents lists every agent in id order.
func (db *DB) Agents() ([]Agent, error) {
	var out []Agent
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAgents).ForEach(func(_, v []byte) error {
			var a Agent
			if err := json.Unmarshal(v, &a); err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	})
	return out, err
}

// UnresolvedConversations lists every conversation that is not resolved,
// in id order: what routing rebuilds its state from at start.
func (db *DB) UnresolvedConversations() ([]Conversation, error) {
	var out []Conversation
	err := db.view(func(tx *bolt.Tx) error {
		return forEachConversation(tx, func(c Conversation) error {
			if c.Status != StatusResolved {
				out = append(out, c)
			}
			return nil
		})
	})
	return out, err
}

// changeConversation is the read-modify-write of one conversation in tx.
func changeConversation(tx *bolt.Tx, id uint64, change func(*Conversation) error) (Conversation, error) {
	c, err := loadConversation(tx, id)
	if err != nil {
		return c, err
	}
	if err := change(&c); err != nil {
		return c, err
	}
	return c, storeConversation(tx, &c)
}

// AssignConversation gives conversation id to agent within team (0: the
// whole site). A conversation that waited in line has its wait recorded
// in the site's recent waits, in the same transaction.
func (db *DB) AssignConversation(id, agent, team uint64) (Conversation, error) {
	var c Conversation
	err := db.update(func(tx *bolt.Tx) (err error) {
		now := db.now().UTC()
		var waited time.Duration
		queued := false
		c, err = changeConversation(tx, id, func(c *Conversation) error {
			if queued = !c.QueuedAt.IsZero(); queued {
				waited = max(0, now.Sub(c.QueuedAt))
			}
			c.Assignee, c.Team, c.QueuedAt, c.TransferredFrom = agent, team, time.Time{}, 0
			return nil
		})
		if err != nil || !queued || agent == 0 {
			return err
		}
		return recordWait(tx, c.SiteID, waited)
	})
	return c, err
}

// QueueConversation puts conversation id in line for team (0: the whole
// site), unassigned; the line will not give it to agent from (0: anyone).
// One already in line keeps its place.
func (db *DB) QueueConversation(id, team, from uint64) (Conversation, error) {
	var c Conversation
	err := db.update(func(tx *bolt.Tx) (err error) {
		now := db.now().UTC()
		c, err = changeConversation(tx, id, func(c *Conversation) error {
			c.Assignee, c.Team, c.TransferredFrom = 0, team, from
			if c.QueuedAt.IsZero() {
				c.QueuedAt = now
			}
			return nil
		})
		return err
	})
	return c, err
}

// EscalateConversation marks conversation id as escalated to the admins.
// escalated is false when it already was (nothing changed).
func (db *DB) EscalateConversation(id uint64) (c Conversation, escalated bool, err error) {
	err = db.update(func(tx *bolt.Tx) (err error) {
		now := db.now().UTC()
		escalated = false
		c, err = changeConversation(tx, id, func(c *Conversation) error {
			if c.EscalatedAt.IsZero() {
				c.EscalatedAt, escalated = now, true
			}
			return nil
		})
		return err
	})
	return c, escalated, err
}

func recordWait(tx *bolt.Tx, site uint64, d time.Duration) error {
	b := tx.Bucket(bucketRoutingWaits)
	var waits []int64
	if data := b.Get(itob(site)); data != nil {
		if err := json.Unmarshal(data, &waits); err != nil {
			return err
		}
	}
	waits = append(waits, d.Milliseconds())
	if len(waits) > KeptWaits {
		waits = slices.Clone(waits[len(waits)-KeptWaits:])
	}
	return put(b, itob(site), waits)
}

// RecentWaits returns how long the site's last shoppers waited in line
// (at most KeptWaits), oldest first.
func (db *DB) RecentWaits(site uint64) ([]time.Duration, error) {
	var waits []int64
	err := db.view(func(tx *bolt.Tx) error {
		err := get(tx.Bucket(bucketRoutingWaits), itob(site), &waits)
		if err == ErrNotFound {
			return nil
		}
		return err
	})
	out := make([]time.Duration, len(waits))
	for i, ms := range waits {
		out[i] = time.Duration(ms) * time.Millisecond
	}
	return out, err
}

// ErrTeamName refuses a team without a name or with a name the site
// already uses.
var ErrTeamName = errors.New("store: a team needs a name unused on its site")

// Teams lists a site's teams in id order (site 0: every site's).
func (db *DB) Teams(site uint64) ([]Team, error) {
	var out []Team
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTeams).ForEach(func(_, v []byte) error {
			var t Team
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			if site == 0 || t.SiteID == site {
				out = append(out, t)
			}
			return nil
		})
	})
	return out, err
}

// Team finds a team by id.
func (db *DB) Team(id uint64) (Team, error) {
	var t Team
	err := db.view(func(tx *bolt.Tx) error { return get(tx.Bucket(bucketTeams), itob(id), &t) })
	return t, err
}

// SaveTeam creates a team (ID 0) or replaces one, audited as by admin.
// The site must exist and the name be unused on it.
func (db *DB) SaveTeam(by uint64, t Team) (Team, error) {
	t.Name = strings.TrimSpace(t.Name)
	err := db.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSites).Get(itob(t.SiteID)) == nil {
			return ErrNotFound
		}
		teams := tx.Bucket(bucketTeams)
		action := AuditTeamUpdate
		if t.ID == 0 {
			t.ID, _ = teams.NextSequence()
			action = AuditTeamCreate
		} else {
			var old Team
			if err := get(teams, itob(t.ID), &old); err != nil {
				return err
			}
			t.SiteID = old.SiteID
		}
		if t.Name == "" {
			return ErrTeamName
		}
		dup := false
		teams.ForEach(func(_, v []byte) error {
			var o Team
			if json.Unmarshal(v, &o) == nil && o.SiteID == t.SiteID && o.ID != t.ID && strings.EqualFold(o.Name, t.Name) {
				dup = true
			}
			return nil
		})
		if dup {
			return ErrTeamName
		}
		if _, err := db.appendAudit(tx, AuditEntry{AgentID: by, Action: action, Target: "team:" + strconv.FormatUint(t.ID, 10)}); err != nil {
			return err
		}
		return put(teams, itob(t.ID), &t)
	})
	return t, err
}

// DeleteTeam deletes a team, audited as by admin. Its conversations go to
// the whole site, and rules naming it stop matching.
func (db *DB) DeleteTeam(by, id uint64) error {
	return db.update(func(tx *bolt.Tx) error {
		teams := tx.Bucket(bucketTeams)
		if teams.Get(itob(id)) == nil {
			return ErrNotFound
		}
		if _, err := db.appendAudit(tx, AuditEntry{AgentID: by, Action: AuditTeamDelete, Target: "team:" + strconv.FormatUint(id, 10)}); err != nil {
			return err
		}
		return teams.Delete(itob(id))
	})
}

// Audit actions of routing settings.
const (
	AuditTeamCreate = "team.create"
	AuditTeamUpdate = "team.update"
	AuditTeamDelete = "team.delete"
)

// SetSiteRouting replaces a site's routing settings, audited as by admin.
func (db *DB) SetSiteRouting(by, site uint64, r SiteRouting) (Site, error) {
	var s Site
	err := db.update(func(tx *bolt.Tx) (err error) {
		if s, err = changeSite(tx, site, func(s *Site) { s.Routing = r }); err != nil {
			return err
		}
		_, err = db.appendAudit(tx, AuditEntry{AgentID: by, Action: AuditRoutingSettings, Target: "site:" + strconv.FormatUint(site, 10)})
		return err
	})
	return s, err
}

// Audit actions of routing settings made outside this file.
const (
	AuditRoutingSettings = "site.routing"
	AuditAgentCapacity   = "agent.capacity"
)
