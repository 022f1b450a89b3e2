package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// LinkTTL is how long a link in an email opens its conversation.
const LinkTTL = 30 * 24 * time.Hour

// LinkPath is where links in emails point, followed by the signed token.
const LinkPath = "/c/"

// ErrBadLink is a link that is forged, damaged or expired.
var ErrBadLink = errors.New("this link is not valid or has expired")

// SignLink makes the token of a link back to conversation conv of visitor,
// valid until expires: "conv.visitor.expires.signature", the signature an
// HMAC-SHA256 (128 bits kept) with the server's link key.
func SignLink(key []byte, conv, visitor uint64, expires time.Time) string {
	payload := strconv.FormatUint(conv, 10) + "." + strconv.FormatUint(visitor, 10) + "." + strconv.FormatInt(expires.Unix(), 10)
	return payload + "." + linkSignature(key, payload)
}

// VerifyLink checks a token made by SignLink and returns its conversation
// and visitor.
func VerifyLink(key []byte, token string, now time.Time) (conv, visitor uint64, err error) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 || len(token) > 200 {
		return 0, 0, ErrBadLink
	}
	payload, sig := token[:i], token[i+1:]
	if !hmac.Equal([]byte(sig), []byte(linkSignature(key, payload))) {
		return 0, 0, ErrBadLink
	}
	parts := strings.Split(payload, ".")
	if len(parts) != 3 {
		return 0, 0, ErrBadLink
	}
	conv, err1 := strconv.ParseUint(parts[0], 10, 64)
	visitor, err2 := strconv.ParseUint(parts[1], 10, 64)
	exp, err3 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || now.Unix() > exp {
		return 0, 0, ErrBadLink
	}
	return conv, visitor, nil
}

func linkSignature(key []byte, payload string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("comptoir-link:" + payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}
