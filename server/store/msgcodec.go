package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"time"
)

// Messages are stored in a fixed binary layout (schema 12) rather than
// JSON: encoding a message was a measurable part of each write (about
// 4 µs of the writer's time per message, with the allocations), decoding
// one a part of each replay, and the binary value is about a third
// smaller, so more messages share a leaf page. Values written before are
// JSON and still read: a JSON message starts with '{', a binary one with
// msgBinaryV1.
//
// Layout: msgBinaryV1, flags (msgPrivate, msgExtra), uvarints ConvID and
// Seq, varint At in Unix ns (0: zero time), the author's kind as a byte
// (authorCodes; 0: the kind's text follows), uvarint author id, then
// uvarint-length strings: [author kind if code 0], author name, cid, body,
// and with msgExtra the rare fields (attachments, routing event) in JSON.
//
// A new field of Message must be encoded here: TestMessageCodecKeepsEveryField
// fails until it is.

const msgBinaryV1 = 1

const (
	msgPrivate = 1 << iota
	msgExtra
)

var authorCodes = map[string]byte{AuthorVisitor: 1, AuthorAgent: 2, AuthorSystem: 3}
var authorKinds = [...]string{1: AuthorVisitor, 2: AuthorAgent, 3: AuthorSystem}

// messageExtra holds the fields most messages leave empty.
type messageExtra struct {
	Attachments []Attachment  `json:"attachments,omitempty"`
	Event       *RoutingEvent `json:"event,omitempty"`
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// encodeMessage is the stored form of m.
func encodeMessage(m *Message) ([]byte, error) {
	var extra []byte
	if len(m.Attachments) > 0 || m.Event != nil {
		var err error
		if extra, err = json.Marshal(messageExtra{Attachments: m.Attachments, Event: m.Event}); err != nil {
			return nil, err
		}
	}
	b := make([]byte, 0, 32+len(m.Author.Name)+len(m.CID)+len(m.Body)+len(extra))
	var flags byte
	if m.Private {
		flags |= msgPrivate
	}
	if extra != nil {
		flags |= msgExtra
	}
	b = append(b, msgBinaryV1, flags)
	b = binary.AppendUvarint(b, m.ConvID)
	b = binary.AppendUvarint(b, m.Seq)
	b = appendTime(b, m.At)
	code := authorCodes[m.Author.Kind]
	b = append(b, code)
	b = binary.AppendUvarint(b, m.Author.ID)
	if code == 0 {
		b = appendString(b, m.Author.Kind)
	}
	b = appendString(b, m.Author.Name)
	b = appendString(b, m.CID)
	b = appendString(b, m.Body)
	if extra != nil {
		b = appendString(b, string(extra))
	}
	return b, nil
}

var errBadMessage = errors.New("store: unreadable message value")

// msgReader reads the binary layout, remembering the first error.
type msgReader struct {
	b   []byte
	bad bool
}

func (r *msgReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *msgReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *msgReader) byte() byte {
	if len(r.b) == 0 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *msgReader) bytes() []byte {
	l := r.uvarint()
	if r.bad || uint64(len(r.b)) < l {
		r.bad, r.b = true, nil
		return nil
	}
	s := r.b[:l]
	r.b = r.b[l:]
	return s
}

// decodeMessage decodes a stored message, binary or JSON (older values).
func decodeMessage(v []byte, m *Message) error {
	if len(v) == 0 || v[0] != msgBinaryV1 {
		return json.Unmarshal(v, m)
	}
	*m = Message{}
	r := msgReader{b: v[1:]}
	flags := r.byte()
	m.Private = flags&msgPrivate != 0
	m.ConvID = r.uvarint()
	m.Seq = r.uvarint()
	if at := r.varint(); at != 0 {
		m.At = time.Unix(0, at).UTC()
	}
	code := r.byte()
	m.Author.ID = r.uvarint()
	switch {
	case code == 0:
		m.Author.Kind = string(r.bytes())
	case int(code) < len(authorKinds):
		m.Author.Kind = authorKinds[code]
	default:
		return errBadMessage
	}
	m.Author.Name = string(r.bytes())
	m.CID = string(r.bytes())
	m.Body = string(r.bytes())
	if flags&msgExtra != 0 {
		var x messageExtra
		if raw := r.bytes(); !r.bad {
			if err := json.Unmarshal(raw, &x); err != nil {
				return err
			}
		}
		m.Attachments, m.Event = x.Attachments, x.Event
	}
	if r.bad {
		return errBadMessage
	}
	return nil
}
