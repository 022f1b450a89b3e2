package store

import (
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Agent is a person who answers shoppers.
type Agent struct {
	ID    uint64 `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	// Role is "admin" (every site, settings) or "agent" (the sites in Sites).
	Role         string    `json:"role"`
	Sites        []uint64  `json:"sites,omitempty"`
	PasswordHash string    `json:"passwordHash"`
	CreatedAt    time.Time `json:"createdAt"`
}

// CreateAgent stores a new agent; the email must be unused.
func (db *DB) CreateAgent(a Agent) (Agent, error) {
	email := strings.ToLower(strings.TrimSpace(a.Email))
	err := db.update(func(tx *bolt.Tx) error {
		byEmail := tx.Bucket(bucketAgentsByEmail)
		if byEmail.Get([]byte(email)) != nil {
			return ErrConflict
		}
		agents := tx.Bucket(bucketAgents)
		id, _ := agents.NextSequence()
		a.ID = id
		a.Email = email
		a.CreatedAt = db.now().UTC()
		if err := byEmail.Put([]byte(email), itob(id)); err != nil {
			return err
		}
		return put(agents, itob(id), &a)
	})
	return a, err
}

// AgentByEmail finds an agent by email, case-insensitively.
func (db *DB) AgentByEmail(email string) (Agent, error) {
	var a Agent
	err := db.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketAgentsByEmail).Get([]byte(strings.ToLower(strings.TrimSpace(email))))
		if id == nil {
			return ErrNotFound
		}
		return get(tx.Bucket(bucketAgents), id, &a)
	})
	return a, err
}

// Agent finds an agent by id.
func (db *DB) Agent(id uint64) (Agent, error) {
	var a Agent
	err := db.view(func(tx *bolt.Tx) error { return get(tx.Bucket(bucketAgents), itob(id), &a) })
	return a, err
}

// CountAgents says how many agents exist (first start creates the admin).
func (db *DB) CountAgents() (int, error) {
	n := 0
	err := db.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketAgents).Stats().KeyN
		return nil
	})
	return n, err
}

// Session is a signed-in agent's session. Its token is stored hashed.
type Session struct {
	AgentID   uint64    `json:"agent"`
	CSRF      string    `json:"csrf"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// CreateSession stores a session under the hash of token.
func (db *DB) CreateSession(token string, s Session) error {
	return db.update(func(tx *bolt.Tx) error {
		return put(tx.Bucket(bucketSessions), hashToken(token), &s)
	})
}

// SessionByToken returns the live session for token; expired ones are not found.
func (db *DB) SessionByToken(token string) (Session, error) {
	var s Session
	err := db.view(func(tx *bolt.Tx) error { return get(tx.Bucket(bucketSessions), hashToken(token), &s) })
	if err == nil && !db.now().Before(s.ExpiresAt) {
		return Session{}, ErrNotFound
	}
	return s, err
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(token string) error {
	return db.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketSessions).Delete(hashToken(token)) })
}
