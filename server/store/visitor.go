package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// MaxPages is how many recent pages a visitor record keeps.
const MaxPages = 20

// Visitor is a shopper on one site, known by a secret token kept in the
// widget's storage.
type Visitor struct {
	ID         uint64            `json:"id"`
	SiteID     uint64            `json:"site"`
	Name       string            `json:"name,omitempty"`
	Email      string            `json:"email,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
	// ExternalID is the shop's id for this shopper, set only by a verified
	// identify; Verified says so.
	ExternalID string `json:"externalId,omitempty"`
	Verified   bool   `json:"verified,omitempty"`
	// Pages are the most recent pages seen, oldest first.
	Pages      []Page    `json:"pages,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	LastSeenAt time.Time `json:"lastSeenAt"`
}

// Page is a page the shopper viewed, with the product on it if any.
type Page struct {
	URL      string    `json:"url,omitempty"`
	Title    string    `json:"title,omitempty"`
	Lang     string    `json:"lang,omitempty"`
	Referrer string    `json:"referrer,omitempty"`
	Product  *Product  `json:"product,omitempty"`
	At       time.Time `json:"at"`
}

// Product is what the loader read from the shop's page.
type Product struct {
	Name     string `json:"name,omitempty"`
	Price    string `json:"price,omitempty"`
	Currency string `json:"currency,omitempty"`
	Image    string `json:"image,omitempty"`
	SKU      string `json:"sku,omitempty"`
	URL      string `json:"url,omitempty"`
}

// VisitorUpdate is what a hello or page frame tells about the visitor.
// Empty fields leave the stored values alone.
type VisitorUpdate struct {
	Name       string
	Email      string
	Attributes map[string]string
	Page       *Page
}

// CreateVisitor stores a new visitor of site reachable by token.
func (db *DB) CreateVisitor(siteID uint64, token string, u VisitorUpdate) (Visitor, error) {
	var v Visitor
	err := db.update(func(tx *bolt.Tx) error {
		visitors := tx.Bucket(bucketVisitors)
		id, _ := visitors.NextSequence()
		now := db.now().UTC()
		v = Visitor{ID: id, SiteID: siteID, CreatedAt: now, LastSeenAt: now}
		v.apply(u, now)
		if err := tx.Bucket(bucketVisitorsByTok).Put(hashToken(token), itob(id)); err != nil {
			return err
		}
		if u.namesContact() {
			if err := markSearch(tx, SearchVisitor, id); err != nil {
				return err
			}
		}
		return put(visitors, itob(id), &v)
	})
	return v, err
}

// VisitorByToken finds the visitor a token belongs to.
func (db *DB) VisitorByToken(token string) (Visitor, error) {
	var v Visitor
	err := db.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketVisitorsByTok).Get(hashToken(token))
		if id == nil {
			return ErrNotFound
		}
		return get(tx.Bucket(bucketVisitors), id, &v)
	})
	return v, err
}

// Visitor finds a visitor by id.
func (db *DB) Visitor(id uint64) (Visitor, error) {
	var v Visitor
	err := db.view(func(tx *bolt.Tx) (err error) { v, err = db.visitors.load(tx, id); return err })
	return v, err
}

// UpdateVisitor merges u into the stored visitor and records the page seen.
// When the page carries a product, the visitor's open conversations take it
// as their product context, so agents see what the shopper looks at now.
func (db *DB) UpdateVisitor(id uint64, u VisitorUpdate) (Visitor, error) {
	var v Visitor
	err := db.update(func(tx *bolt.Tx) error {
		visitors := tx.Bucket(bucketVisitors)
		if err := get(visitors, itob(id), &v); err != nil {
			return err
		}
		v.apply(u, db.now().UTC())
		if u.namesContact() {
			if err := markSearch(tx, SearchVisitor, id); err != nil {
				return err
			}
		}
		if u.Page != nil && u.Page.Product != nil {
			if err := setOpenConversationsProduct(tx, id, u.Page.Product); err != nil {
				return err
			}
		}
		return put(visitors, itob(id), &v)
	})
	return v, err
}

// namesContact says whether u changes what the search index holds of a
// contact (a page view alone does not).
func (u VisitorUpdate) namesContact() bool {
	return u.Name != "" || u.Email != "" || len(u.Attributes) > 0
}

func (v *Visitor) apply(u VisitorUpdate, now time.Time) {
	v.LastSeenAt = now
	if u.Name != "" {
		v.Name = u.Name
	}
	if u.Email != "" {
		v.Email = u.Email
	}
	if len(u.Attributes) > 0 {
		if v.Attributes == nil {
			v.Attributes = map[string]string{}
		}
		for k, val := range u.Attributes {
			v.Attributes[k] = val
		}
	}
	if u.Page != nil && u.Page.URL != "" {
		p := *u.Page
		p.At = now
		// A reload of the same page is not a new page.
		if n := len(v.Pages); n > 0 && v.Pages[n-1].URL == p.URL {
			v.Pages[n-1] = p
		} else {
			v.Pages = append(v.Pages, p)
		}
		if len(v.Pages) > MaxPages {
			v.Pages = append([]Page(nil), v.Pages[len(v.Pages)-MaxPages:]...)
		}
	}
}

// Product returns the product of the most recent page that had one.
func (v *Visitor) Product() *Product {
	for i := len(v.Pages) - 1; i >= 0; i-- {
		if v.Pages[i].Product != nil {
			return v.Pages[i].Product
		}
	}
	return nil
}
