package store

import (
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Site is one shop using Comptoir.
type Site struct {
	ID uint64 `json:"id"`
	// Key is the public key in the shop's script tag.
	Key  string `json:"key"`
	Name string `json:"name"`
	// AllowedOrigins are the shop origins (scheme://host[:port]) that may
	// frame the widget.
	AllowedOrigins []string `json:"allowedOrigins"`
	Color          string   `json:"color"`
	Greeting       string   `json:"greeting,omitempty"`
	Languages      []string `json:"languages,omitempty"`
	// IdentitySecret signs shoppers' identities on the shop's backend
	// (HMAC-SHA256 or HS256 JWT); see package identity.
	IdentitySecret string `json:"identitySecret,omitempty"`
	// RequireVerifiedIdentity refuses identify calls without a valid proof.
	RequireVerifiedIdentity bool `json:"requireVerifiedIdentity,omitempty"`
	// RetentionDays erases conversations with no activity for that many days
	// (retention.go); 0 keeps them forever.
	RetentionDays int `json:"retentionDays,omitempty"`
	// Limits bound what one shopper may send; zero fields take defaults.
	Limits    SiteLimits `json:"limits,omitzero"`
	CreatedAt time.Time  `json:"createdAt"`
	// OfficeHours is when the team answers (package hours); nil: always.
	OfficeHours *OfficeHours `json:"officeHours,omitempty"`

	// Labels are the labels used on the site's conversations, suggested to
	// agents (convo.go). Reasons is the complaint reasons' list; empty:
	// the default list.
	Labels  []string `json:"labels,omitempty"`
	Reasons []string `json:"reasons,omitempty"`
	// AutoAck is the automatic acknowledgement of a new conversation.
	AutoAck AutoAck `json:"autoAck,omitzero"`
	// ConfirmHours is how long a proposed solution waits for the shopper's
	// answer before closing as unconfirmed; 0: the default (24).
	ConfirmHours int `json:"confirmHours,omitempty"`
	// Routing is how conversations reach agents (package routing).
	Routing SiteRouting `json:"routing,omitzero"`
}

// OfficeHours is a site's weekly schedule as stored; the same shape as
// wire.OfficeHours, checked by package hours before it is stored.
type OfficeHours struct {
	TimeZone string              `json:"timeZone,omitempty"`
	Week     map[string][]string `json:"week,omitempty"`
	Holidays []string            `json:"holidays,omitempty"`
}

// AutoAck is a site's automatic acknowledgement, sent when On; Texts by
// language override the defaults.
type AutoAck struct {
	On    bool              `json:"on,omitempty"`
	Texts map[string]string `json:"texts,omitempty"`
}

// SiteLimits are a site's rate limits for its shoppers.
type SiteLimits struct {
	// MessagesPerMinute per visitor. Default 20.
	MessagesPerMinute int `json:"messagesPerMinute,omitempty"`
	// ConversationsPerHour a visitor may start. Default 5.
	ConversationsPerHour int `json:"conversationsPerHour,omitempty"`
	// MessagesPerIPPerMinute across all visitors of one address (a script
	// making fresh visitors to dodge the per-visitor limit). Default 120.
	MessagesPerIPPerMinute int `json:"messagesPerIpPerMinute,omitempty"`
	// UploadsPerHour per visitor (refused uploads count too). Default 20.
	UploadsPerHour int `json:"uploadsPerHour,omitempty"`
	// UploadsPerIPPerHour across the visitors of one address. Default 60.
	UploadsPerIPPerHour int `json:"uploadsPerIpPerHour,omitempty"`
}

// WithDefaults fills the zero fields.
func (l SiteLimits) WithDefaults() SiteLimits {
	if l.MessagesPerMinute <= 0 {
		l.MessagesPerMinute = 20
	}
	if l.ConversationsPerHour <= 0 {
		l.ConversationsPerHour = 5
	}
	if l.MessagesPerIPPerMinute <= 0 {
		l.MessagesPerIPPerMinute = 120
	}
	if l.UploadsPerHour <= 0 {
		l.UploadsPerHour = 20
	}
	if l.UploadsPerIPPerHour <= 0 {
		l.UploadsPerIPPerHour = 60
	}
	return l
}

// CreateSite stores a new site; its Key must be unique.
func (db *DB) CreateSite(s Site) (Site, error) {
	err := db.update(func(tx *bolt.Tx) error {
		byKey := tx.Bucket(bucketSitesByKey)
		if byKey.Get([]byte(s.Key)) != nil {
			return ErrConflict
		}
		sites := tx.Bucket(bucketSites)
		id, _ := sites.NextSequence()
		s.ID = id
		s.CreatedAt = db.now().UTC()
		if err := byKey.Put([]byte(s.Key), itob(id)); err != nil {
			return err
		}
		return put(sites, itob(id), &s)
	})
	return s, err
}

// SiteByKey finds a site by its public key.
func (db *DB) SiteByKey(key string) (Site, error) {
	var s Site
	err := db.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketSitesByKey).Get([]byte(key))
		if id == nil {
			return ErrNotFound
		}
		return get(tx.Bucket(bucketSites), id, &s)
	})
	return s, err
}

// Site finds a site by id.
func (db *DB) Site(id uint64) (Site, error) {
	var s Site
	err := db.view(func(tx *bolt.Tx) error { return get(tx.Bucket(bucketSites), itob(id), &s) })
	return s, err
}

// Sites lists every site in id order.
func (db *DB) Sites() ([]Site, error) {
	var out []Site
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSites).ForEach(func(_, v []byte) error {
			var s Site
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			out = append(out, s)
			return nil
		})
	})
	return out, err
}

// UpdateSite applies change to the stored site. The key cannot change.
func (db *DB) UpdateSite(id uint64, change func(*Site)) (Site, error) {
	var s Site
	err := db.update(func(tx *bolt.Tx) (err error) {
		s, err = changeSite(tx, id, change)
		return err
	})
	return s, err
}

// changeSite is the read-modify-write of one site inside tx.
func changeSite(tx *bolt.Tx, id uint64, change func(*Site)) (Site, error) {
	var s Site
	sites := tx.Bucket(bucketSites)
	if err := get(sites, itob(id), &s); err != nil {
		return s, err
	}
	key := s.Key
	change(&s)
	s.ID, s.Key = id, key
	return s, put(sites, itob(id), &s)
}
