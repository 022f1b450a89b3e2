package wire

import (
	"strings"
	"unicode/utf8"
)

// The conversation tools of issue 5 (docs/agents.md): private notes,
// labels, complaint reasons, follow-up promises and resolution confirmed by
// the shopper.

// StatusAwaiting is a conversation whose agent proposed a solution and
// asked the shopper to confirm it (frame status, or REST status).
const StatusAwaiting = "awaiting"

// Resolutions: how a resolved conversation was closed.
const (
	ResolutionConfirmed   = "confirmed"   // the shopper answered yes
	ResolutionUnconfirmed = "unconfirmed" // no answer before the site's delay
	ResolutionClosed      = "closed"      // an agent resolved it without asking
)

// Answers of a confirm frame.
const (
	AnswerYes = "yes"
	AnswerNo  = "no"
)

// TypeConfirm (visitor → server) answers "Did this solve your problem?" of
// an awaiting conversation: answer yes or no.
const TypeConfirm = "confirm"

// Promise channels.
const (
	ChannelChat  = "chat"
	ChannelEmail = "email"
)

// Promise is a follow-up an agent promised: what will be sent, by when, and
// how (chat or email).
type Promise struct {
	What    string `json:"what"`
	Due     int64  `json:"due"` // Unix ms
	Channel string `json:"channel"`
	// By is the name of the agent who promised; At when (Unix ms).
	By string `json:"by,omitempty"`
	At int64  `json:"at,omitempty"`
	// DoneAt is when an agent marked it kept (Unix ms); 0 while due.
	DoneAt int64 `json:"doneAt,omitempty"`
}

// Late says whether a promise still due has passed its time at now (ms).
func (p *Promise) Late(now int64) bool { return p != nil && p.DoneAt == 0 && now > p.Due }

// Limits of the conversation tools.
const (
	MaxLabels       = 20
	MaxLabelRunes   = 40
	MaxReasons      = 50
	MaxPromiseRunes = 500
	MaxAckRunes     = 1000
)

// DefaultReasons are the complaint reasons of a site whose admins set none.
// The apps translate these codes; reasons an admin adds are shown as typed.
var DefaultReasons = []string{"delivery", "product_defect", "refund", "payment", "order_change", "account", "other"}

// CleanLabels trims labels, drops empty ones and duplicates (ignoring
// case; the first spelling stays) and checks the limits.
func CleanLabels(in []string) ([]string, *Error) {
	out := []string{}
	for _, l := range in {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			continue
		}
		if utf8.RuneCountInString(l) > MaxLabelRunes {
			return nil, &Error{Code: CodeBadRequest, Message: "a label has at most 40 characters: " + l}
		}
		dup := false
		for _, o := range out {
			dup = dup || strings.EqualFold(o, l)
		}
		if !dup {
			out = append(out, l)
		}
	}
	if len(out) > MaxLabels {
		return nil, &Error{Code: CodeBadRequest, Message: "a conversation has at most 20 labels"}
	}
	return out, nil
}

// LabelsRequest is the body of PUT /api/v1/conversations/{id}/labels: the
// whole new set.
type LabelsRequest struct {
	Labels []string `json:"labels"`
}

// ReasonRequest is the body of PUT /api/v1/conversations/{id}/reason: one
// of the site's reasons, or "" to clear it.
type ReasonRequest struct {
	Reason string `json:"reason"`
}

// PromiseRequest is the body of PUT /api/v1/conversations/{id}/promise.
type PromiseRequest struct {
	What    string `json:"what"`
	Due     int64  `json:"due"` // Unix ms, in the future
	Channel string `json:"channel"`
}

// LabelOptions is the answer to GET /api/v1/sites/{id}/labels: the labels
// already used on the site (suggestions) and its complaint reasons.
type LabelOptions struct {
	Labels  []string `json:"labels"`
	Reasons []string `json:"reasons"`
}

// AutoAck is a site's automatic acknowledgement: a system message sent
// once when a shopper starts a conversation, in the shopper's language.
// It is off until an admin turns it on; Texts override the defaults per
// language (en, fr, de, es, it).
type AutoAck struct {
	On    bool              `json:"on,omitempty"`
	Texts map[string]string `json:"texts,omitempty"`
}
