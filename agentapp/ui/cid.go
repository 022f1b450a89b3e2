package ui

import (
	"crypto/rand"
	"encoding/hex"
)

// NewCID makes a message's client id: a random UUID v4. It is made once per
// reply, so a resend after a drop is recognised by the server as the same
// message. crypto/rand is used rather than crypto.randomUUID because the
// latter only exists in secure contexts, and a desk on plain http in a LAN is
// a real setup.
func NewCID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
