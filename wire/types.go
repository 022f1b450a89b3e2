package wire

import (
	"fmt"
	"strings"
)

// Conversation statuses.
const (
	StatusOpen     = "open"
	StatusPending  = "pending"
	StatusResolved = "resolved"
)

// Author kinds of a message.
const (
	AuthorVisitor = "visitor"
	AuthorAgent   = "agent"
	AuthorSystem  = "system"
)

// Message is one stored message as clients see it.
type Message struct {
	Conv   string `json:"conv"`
	Seq    uint64 `json:"seq"`
	CID    string `json:"cid,omitempty"`
	Author Author `json:"author"`
	// Body may be empty when the message has attachments.
	Body string `json:"body"`
	// At is the commit time, Unix milliseconds.
	At int64 `json:"at"`
	// Attachments are the files sent with the message, in the order sent.
	Attachments []Attachment `json:"attachments,omitempty"`
	// Private marks an agents' note: stored with the conversation, shown in
	// the agents' app only, never sent to the shopper (convo.go).
	Private bool `json:"private,omitempty"`
	// Event is what routing did (an agents-only system message).
	Event *RoutingEvent `json:"event,omitempty"`
}

// Attachment is an uploaded file: the answer to POST /api/v1/uploads, and
// part of the message it is sent with.
type Attachment struct {
	// ID is 32 hex characters (128 random bits); a send frame's
	// attachments list these ids.
	ID string `json:"id"`
	// Name is the file name, cleaned by the server; show it as text.
	Name string `json:"name"`
	// Type is the content type the server sniffed: image/png, image/jpeg,
	// image/gif, image/webp or application/pdf.
	Type string `json:"type"`
	// Size is in bytes.
	Size int64 `json:"size"`
	// URL is where to fetch the file, a path on the Comptoir server
	// (/api/v1/uploads/{id}/{name}). Images may be shown inline with it;
	// PDFs are served as downloads.
	URL string `json:"url"`
}

// AttachmentIDs lists the ids a send frame carries for atts (nil for none).
func AttachmentIDs(atts []Attachment) []string {
	if len(atts) == 0 {
		return nil
	}
	ids := make([]string, len(atts))
	for i, a := range atts {
		ids[i] = a.ID
	}
	return ids
}

// IsImageType says whether a file of content type t is shown as a picture;
// every other accepted type (PDF) is a link. SVG is never accepted, and
// never drawn even if it were.
func IsImageType(t string) bool {
	return strings.HasPrefix(t, "image/") && t != "image/svg+xml"
}

// Author says who wrote a message. Name is empty for visitors who gave none.
type Author struct {
	Kind string `json:"kind"`
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// Conversation is a conversation summary: enough for an inbox row, the
// widget's list and the agent's header.
type Conversation struct {
	ID       string `json:"id"`
	Site     string `json:"site"`
	SiteName string `json:"siteName,omitempty"`
	Status   string `json:"status"`
	// LastSeq is the seq of the newest message.
	LastSeq uint64 `json:"lastSeq"`
	// Preview is the start of the newest message.
	Preview string `json:"preview,omitempty"`
	// Unread is how many messages the reader has not seen (per reader side).
	Unread   uint64 `json:"unread"`
	Assignee string `json:"assignee,omitempty"`
	// Times are Unix milliseconds.
	CreatedAt int64 `json:"createdAt"`
	UpdatedAt int64 `json:"updatedAt"`
	// Visitor, Product and Pages are sent to agents only.
	Visitor *Visitor      `json:"visitor,omitempty"`
	Product *Product      `json:"product,omitempty"`
	Pages   []PageContext `json:"pages,omitempty"`

	// The conversation tools (convo.go, docs/agents.md). Labels, Reason,
	// Resolution, FirstContact, Reopens and ReadByVisitor are sent to agents
	// only; Promise, ConfirmBy and ReadByAgents to both sides.
	Labels []string `json:"labels,omitempty"`
	// Reason is the complaint reason, one of the site's list.
	Reason string `json:"reason,omitempty"`
	// Promise is the follow-up an agent promised; DoneAt is set once kept.
	Promise *Promise `json:"promise,omitempty"`
	// ConfirmBy is when an awaiting conversation closes as unconfirmed if
	// the shopper does not answer (Unix ms); ProposedBy the agent who asked.
	ConfirmBy  int64  `json:"confirmBy,omitempty"`
	ProposedBy string `json:"proposedBy,omitempty"`
	// Resolution says how a resolved conversation was closed: confirmed,
	// unconfirmed or closed (by an agent without asking).
	Resolution string `json:"resolution,omitempty"`
	// FirstContact is true when it was resolved without ever being
	// reopened and without a follow-up promise.
	FirstContact bool `json:"firstContact,omitempty"`
	// Reopens counts the times it went back to open after a resolution or
	// a refused proposal.
	Reopens int `json:"reopens,omitempty"`
	// ReadByVisitor and ReadByAgents are the seqs each side has seen.
	ReadByVisitor uint64 `json:"readByVisitor,omitempty"`
	ReadByAgents  uint64 `json:"readByAgents,omitempty"`

	// Routing (agents only, docs/routing.md): the team it is routed to,
	// when it started waiting in line (Unix ms; 0 when not waiting), the
	// topic the shopper picked in the pre-chat form, and whether it was
	// escalated to admins.
	Team      string `json:"team,omitempty"`
	QueuedAt  int64  `json:"queuedAt,omitempty"`
	Topic     string `json:"topic,omitempty"`
	Escalated bool   `json:"escalated,omitempty"`
}

// Visitor is a shopper as the server knows them.
type Visitor struct {
	ID string `json:"id"`
	// Verified is true when the shop's backend vouched for the identity.
	Verified   bool              `json:"verified,omitempty"`
	ExternalID string            `json:"externalId,omitempty"`
	Name       string            `json:"name,omitempty"`
	Email      string            `json:"email,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Agent is a signed-in agent.
type Agent struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

// Agent roles.
const (
	RoleAdmin = "admin"
	RoleAgent = "agent"
)

// PageContext is what the loader reads from the shop's page.
type PageContext struct {
	URL      string   `json:"url,omitempty"`
	Title    string   `json:"title,omitempty"`
	Lang     string   `json:"lang,omitempty"`
	Referrer string   `json:"referrer,omitempty"`
	Product  *Product `json:"product,omitempty"`
}

// Product is the product on the page, from schema.org JSON-LD or OpenGraph.
type Product struct {
	Name     string `json:"name,omitempty"`
	Price    string `json:"price,omitempty"`
	Currency string `json:"currency,omitempty"`
	Image    string `json:"image,omitempty"`
	SKU      string `json:"sku,omitempty"`
	URL      string `json:"url,omitempty"`
}

// ContactUpdate is what identify and setAttributes send. ID with a proof
// (Signature and Expires, or JWT) made by the shop's backend with the site's
// identity secret makes a verified identity: the same history on any device.
type ContactUpdate struct {
	Name       string            `json:"name,omitempty"`
	Email      string            `json:"email,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
	ID         string            `json:"id,omitempty"`
	Expires    int64             `json:"expires,omitempty"`
	Signature  string            `json:"signature,omitempty"`
	JWT        string            `json:"jwt,omitempty"`
}

// MaxAttributes bounds how many attributes a contact update may carry.
const MaxAttributes = 50

func (p *PageContext) validate() error {
	for _, s := range []string{p.URL, p.Title, p.Lang, p.Referrer} {
		if len(s) > MaxContextBytes {
			return &Error{Code: CodeBadFrame, Message: fmt.Sprintf("page field longer than %d bytes", MaxContextBytes)}
		}
	}
	if p.Product != nil {
		pr := p.Product
		for _, s := range []string{pr.Name, pr.Price, pr.Currency, pr.Image, pr.SKU, pr.URL} {
			if len(s) > MaxContextBytes {
				return &Error{Code: CodeBadFrame, Message: fmt.Sprintf("product field longer than %d bytes", MaxContextBytes)}
			}
		}
	}
	return nil
}

func (c *ContactUpdate) validate() error {
	if len(c.Name) > MaxContextBytes || len(c.Email) > MaxContextBytes || len(c.ID) > 256 || len(c.Signature) > 256 || len(c.JWT) > 4096 {
		return &Error{Code: CodeBadFrame, Message: fmt.Sprintf("contact name and email are limited to %d bytes", MaxContextBytes)}
	}
	if len(c.Attributes) > MaxAttributes {
		return &Error{Code: CodeBadFrame, Message: fmt.Sprintf("at most %d attributes", MaxAttributes)}
	}
	for k, v := range c.Attributes {
		if k == "" || len(k) > 64 || len(v) > MaxContextBytes {
			return &Error{Code: CodeBadFrame, Message: fmt.Sprintf("attribute %q: names are 1 to 64 bytes, values at most %d", k, MaxContextBytes)}
		}
	}
	return nil
}
