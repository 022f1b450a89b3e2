package store

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// Audit actions of the agents' accounts.
const (
	AuditAgentCreate = "agent.create"
	AuditAgentSites  = "agent.sites"
)

// CreateAgentAs stores a new agent (the email must be unused: ErrConflict)
// and then its audit line, by admin.
func (db *DB) CreateAgentAs(admin uint64, a Agent) (Agent, error) {
	created, err := db.CreateAgent(a)
	if err != nil {
		return created, err
	}
	_, err = db.Audit(AuditEntry{AgentID: admin, Action: AuditAgentCreate, Target: "agent:" + strconv.FormatUint(created.ID, 10),
		Detail: fmt.Sprintf("%s, %s, sites %v", created.Email, created.Role, created.Sites)})
	return created, err
}

// SetAgentSites gives agent id access to exactly these sites (each must
// exist: ErrNotFound otherwise), with its audit line by admin.
func (db *DB) SetAgentSites(admin, id uint64, sites []uint64) (Agent, error) {
	sites = slices.Clone(sites)
	slices.Sort(sites)
	sites = slices.Compact(sites)
	var a Agent
	err := db.update(func(tx *bolt.Tx) error {
		a = Agent{}
		for _, s := range sites {
			if tx.Bucket(bucketSites).Get(itob(s)) == nil {
				return fmt.Errorf("site %d: %w", s, ErrNotFound)
			}
		}
		agents := tx.Bucket(bucketAgents)
		if err := get(agents, itob(id), &a); err != nil {
			return err
		}
		a.Sites = sites
		if _, err := db.appendAudit(tx, AuditEntry{AgentID: admin, Action: AuditAgentSites, Target: "agent:" + strconv.FormatUint(id, 10), Detail: fmt.Sprint(sites)}); err != nil {
			return err
		}
		return put(agents, itob(id), &a)
	})
	return a, err
}

// SessionHashesOf lists the short hashes (as in hub.SessionTopic) of the
// agent's live sessions, so that a change of their access can close their
// open connections.
func (db *DB) SessionHashesOf(agentID uint64) ([]string, error) {
	var out []string
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
			var s Session
			if json.Unmarshal(v, &s) == nil && s.AgentID == agentID && len(k) >= 8 {
				out = append(out, hex.EncodeToString(k[:8]))
			}
			return nil
		})
	})
	return out, err
}
