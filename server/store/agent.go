package store

import (
	"strconv"
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

	// TOTP is the agent's second factor; zero when they have none.
	TOTP TOTP `json:"totp,omitzero"`

	// Capacity is how many open conversations routing gives the agent at
	// once; 0 means wire.DefaultCapacity.
	Capacity int `json:"capacity,omitempty"`
	// Away is the agent's own availability switch (routing skips them).
	Away bool `json:"away,omitempty"`
}

// TOTP is an agent's time-based one-time password (RFC 6238) state. The
// secret is stored as is: the server must compute codes from it, so whoever
// reads the data file (or a backup) can too. Recovery codes are stored only
// as hashes (auth.NewRecoveryCodes).
type TOTP struct {
	// Secret is the base32 shared secret, set once the agent confirmed a
	// code from their app; "" means the second factor is off.
	Secret string `json:"secret,omitempty"`
	// Pending is a secret handed out by setup and not yet confirmed; it
	// does not guard sign-in.
	Pending string `json:"pending,omitempty"`
	// LastStep is the time step of the last accepted code: that code and
	// older ones are refused, so a code works once.
	LastStep int64 `json:"lastStep,omitempty"`
	// RecoveryHashes are the hashes of the unused recovery codes.
	RecoveryHashes []string `json:"recovery,omitempty"`
	// EnabledAt is when the second factor was turned on.
	EnabledAt time.Time `json:"enabledAt,omitzero"`
}

// Enabled says whether sign-in needs a second factor.
func (t TOTP) Enabled() bool { return t.Secret != "" }

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

// UpdateAgent changes agent id in one transaction: change gets the stored
// record and edits it, or returns an error to leave it as it was (and that
// error is returned). Deciding inside change, from the record read in the
// transaction, makes check-and-set atomic: two sign-ins racing with the same
// one-time code or recovery code cannot both succeed. change may run more
// than once (see writer.go), so it must not have side effects. When action
// is not "", an audit line by the agent about themselves commits with it.
func (db *DB) UpdateAgent(id uint64, action string, change func(*Agent) error) (Agent, error) {
	var a Agent
	err := db.update(func(tx *bolt.Tx) error {
		agents := tx.Bucket(bucketAgents)
		a = Agent{}
		if err := get(agents, itob(id), &a); err != nil {
			return err
		}
		if err := change(&a); err != nil {
			return err
		}
		if action != "" {
			if _, err := db.appendAudit(tx, AuditEntry{AgentID: id, Action: action, Target: "agent:" + strconv.FormatUint(id, 10)}); err != nil {
				return err
			}
		}
		return put(agents, itob(id), &a)
	})
	return a, err
}

// Audit actions of an agent's own security settings.
const (
	AuditTOTPOn  = "agent.totp.on"
	AuditTOTPOff = "agent.totp.off"
)

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
