package wire

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Frame types. A frame is one JSON object per WebSocket text message, with a
// "type" field naming which of the fields below are meaningful.
const (
	// Client → server.
	TypeHello     = "hello"     // first frame: who I am, what I have seen
	TypeSend      = "send"      // post a message (idempotent by cid)
	TypeSubscribe = "subscribe" // agent: follow one conversation, replaying after seq
	TypeStatus    = "status"    // agent: resolve or reopen a conversation
	TypePage      = "page"      // visitor: the shopper moved to another page
	TypeRead      = "read"      // the reader has seen a conversation up to seq
	TypeContact   = "contact"   // visitor: identify/setAttributes after hello
	TypeTyping    = "typing"    // both ways: someone is (or stopped) typing in conv

	TypeAway   = "away"   // agent: set my switch, away (true) or online (routing)
	TypeActive = "active" // agent: a person used this window (auto-away)

	// Server → client.
	TypeWelcome      = "welcome"      // answer to hello
	TypeAck          = "ack"          // a send is committed to disk
	TypeMessage      = "message"      // a message, replayed or live
	TypeConversation = "conversation" // a conversation summary changed (inbox)
	TypeSynced       = "synced"       // replay of a conversation is complete; live from here
	TypeError        = "error"        // a refused frame; the connection stays open

	TypeQueue      = "queue"      // visitor: the conversation's place in line
	TypeAgents     = "agents"     // agents: availability and load of agents changed
	TypeEscalation = "escalation" // admins: a conversation was escalated
)

// Frame is the single shape of every WebSocket frame in both directions.
// Only the fields a type names are set; the others are omitted from JSON.
type Frame struct {
	Type string `json:"type"`

	// V is the protocol version (hello only).
	V int `json:"v,omitempty"`
	// Token is the visitor's secret token (visitor hello; welcome when a new
	// visitor was created).
	Token string `json:"token,omitempty"`
	// Site is the site's public key (visitor hello).
	Site string `json:"site,omitempty"`
	// Resume maps a conversation id to the last seq the client has seen of it;
	// the server replays everything after it (hello, subscribe).
	Resume map[string]uint64 `json:"resume,omitempty"`
	// Page is where the shopper is (visitor hello and page).
	Page *PageContext `json:"page,omitempty"`
	// Contact is what identify/setAttributes told the widget (visitor hello
	// and contact).
	Contact *ContactUpdate `json:"contact,omitempty"`

	// CID is the client's id for a message, made once so that a retry is the
	// same message (send, ack, message).
	CID string `json:"cid,omitempty"`
	// Conv is a conversation id (send, ack, message, subscribe, status, read,
	// synced). Empty in a visitor's send: start a new conversation.
	Conv string `json:"conv,omitempty"`
	// Body is a message's text (send).
	Body string `json:"body,omitempty"`
	// Attachments are ids of the sender's uploads to send with the message
	// (send; at most MaxAttachments).
	Attachments []string `json:"attachments,omitempty"`
	// Seq is a message's sequence number within its conversation (ack, read,
	// synced, subscribe: replay after this seq).
	Seq uint64 `json:"seq,omitempty"`
	// Status is a conversation status (status).
	Status string `json:"status,omitempty"`
	// Typing is true while the author types, false when they stop (typing).
	Typing bool `json:"typing,omitempty"`
	// Private marks an agent's send as a note for agents only (send).
	Private bool `json:"private,omitempty"`
	// Answer is the shopper's yes or no to a proposed solution (confirm).
	Answer string `json:"answer,omitempty"`
	// Author says who is typing, or who has read up to Seq (server → client
	// typing and read).
	Author *Author `json:"author,omitempty"`

	// Visitor is who the server knows the visitor to be (welcome).
	Visitor *Visitor `json:"visitor,omitempty"`
	// Settings is how the widget should look (visitor welcome).
	Settings *SiteSettings `json:"settings,omitempty"`
	// Agent is the signed-in agent (agent welcome).
	Agent *Agent `json:"agent,omitempty"`
	// Conversations are summaries (welcome: all of the visitor's, or the
	// agent's inbox; conversation: one).
	Conversations []Conversation `json:"conversations,omitempty"`
	// Message is a stored message (message).
	Message *Message `json:"message,omitempty"`
	// Error says why a frame was refused (error).
	Error *Error `json:"error,omitempty"`
	// Availability is whether the team is in (visitor welcome, availability).
	Availability *Availability `json:"availability,omitempty"`

	// Away is an agent's own switch: true away, false online (away).
	Away bool `json:"away,omitempty"`
	// Queue is the conversation's place in line (queue).
	Queue *QueueInfo `json:"queue,omitempty"`
	// Agents are agents' availability and load (agent welcome: all; agents:
	// those that changed).
	Agents []AgentStatus `json:"agents,omitempty"`
	// Note is why a conversation was escalated (escalation), shown to
	// agents only.
	Note string `json:"note,omitempty"`
	// Topic is what the shopper picked in the pre-chat form (visitor send
	// starting a conversation); routing rules may match it.
	Topic string `json:"topic,omitempty"`
}

// DecodeFrame parses one client frame and checks the fields its type needs.
// It never panics on any input; the error is a *Error with a stable code.
func DecodeFrame(data []byte) (Frame, error) {
	var f Frame
	if err := json.Unmarshal(data, &f); err != nil {
		return Frame{}, &Error{Code: CodeBadFrame, Message: "frame is not a JSON object of the documented shape: " + err.Error()}
	}
	if err := f.validate(); err != nil {
		return Frame{}, err
	}
	return f, nil
}

// Limits on what a client may send. MaxFrameBytes is also the WebSocket read
// limit: a larger frame closes the connection with 1009.
const (
	MaxFrameBytes   = 16 << 10
	MaxBodyRunes    = 5000
	MaxCIDBytes     = 64
	MaxResumeConvs  = 200
	MaxContextBytes = 2048 // any one page-context or contact string
	MaxAttachments  = 5    // files per message
)

func (f *Frame) validate() error {
	bad := func(format string, args ...any) error {
		return &Error{Code: CodeBadFrame, Message: fmt.Sprintf(format, args...)}
	}
	switch f.Type {
	case TypeHello:
		if f.V != Version {
			return &Error{Code: CodeBadVersion, Message: fmt.Sprintf("protocol version %d is not supported; this server speaks %d", f.V, Version)}
		}
		if len(f.Resume) > MaxResumeConvs {
			return bad("resume lists %d conversations; at most %d", len(f.Resume), MaxResumeConvs)
		}
	case TypeSend:
		if err := CheckMessage(f.CID, f.Body, f.Attachments); err != nil {
			return err
		}
		if len(f.Topic) > MaxContextBytes {
			return bad("topic longer than %d bytes", MaxContextBytes)
		}
	case TypeSubscribe:
		if f.Conv == "" {
			return bad("subscribe needs conv")
		}
	case TypeStatus:
		if f.Conv == "" {
			return bad("status needs conv")
		}
		if f.Status != StatusOpen && f.Status != StatusResolved && f.Status != StatusPending && f.Status != StatusAwaiting {
			return bad("status must be open, pending, awaiting or resolved, not %q", f.Status)
		}
	case TypeConfirm:
		if f.Conv == "" || (f.Answer != AnswerYes && f.Answer != AnswerNo) {
			return bad("confirm needs conv and an answer, yes or no")
		}
	case TypeRead:
		if f.Conv == "" {
			return bad("read needs conv")
		}
	case TypePage:
		if f.Page == nil {
			return bad("page needs a page object")
		}
	case TypeTyping:
		if f.Conv == "" {
			return bad("typing needs conv")
		}
	case TypeContact:
		if f.Contact == nil {
			return bad("contact needs a contact object")
		}
	case TypeTranscript:
		if f.Conv == "" {
			return bad("transcript needs conv")
		}
	case TypeAway, TypeActive:
	case "":
		return bad("frame has no type")
	default:
		return bad("unknown frame type %q", f.Type)
	}
	if f.Page != nil {
		if err := f.Page.validate(); err != nil {
			return err
		}
	}
	if f.Contact != nil {
		if err := f.Contact.validate(); err != nil {
			return err
		}
	}
	return nil
}

// CheckMessage checks a message's cid, body and attachment ids, for send
// frames and REST. A message has text, attachments, or both.
func CheckMessage(cid, body string, attachments []string) *Error {
	if cid == "" || len(cid) > MaxCIDBytes {
		return &Error{Code: CodeBadFrame, Message: fmt.Sprintf("a message needs a cid of 1 to %d bytes", MaxCIDBytes)}
	}
	if len(attachments) > MaxAttachments {
		return &Error{Code: CodeBadFrame, Message: fmt.Sprintf("a message carries at most %d attachments; it has %d", MaxAttachments, len(attachments)), CID: cid}
	}
	for _, id := range attachments {
		if !isAttachmentID(id) {
			return &Error{Code: CodeBadFrame, Message: "an attachment id is the id of an upload: 32 lower-case hex characters", CID: cid}
		}
	}
	if len(attachments) > 0 && body == "" {
		return nil
	}
	if n := runeCount(body); n == 0 || n > MaxBodyRunes || strings.TrimSpace(body) == "" {
		return &Error{Code: CodeBadFrame, Message: fmt.Sprintf("a message must have 1 to %d characters and not only spaces, or attachments; it has %d characters", MaxBodyRunes, n)}
	}
	return nil
}

func isAttachmentID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range []byte(id) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func runeCount(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}
