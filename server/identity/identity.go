// Package identity checks that a shopper's identity was vouched for by the
// shop's own backend, so a visitor cannot claim to be someone else and read
// their history.
//
// Two forms are accepted, both keyed by the site's identity secret:
//
//   - HMAC: the shop signs "<id>:<expires>" (expires in Unix seconds) with
//     HMAC-SHA256 and passes the hex signature with the id and expiry.
//   - JWT: an HS256 token whose "sub" is the id and whose "exp" is set;
//     "name" and "email" claims are taken when present.
//
// Signatures expire (at most MaxLifetime ahead) and are compared in constant
// time. Replay across browsers is stopped by the caller, which binds each
// signature to the first visitor token that used it.
package identity

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MaxLifetime bounds how far ahead a signature may expire: a leaked
// signature is useless after this.
const MaxLifetime = 7 * 24 * time.Hour

// Claim is what the widget passes on from identify().
type Claim struct {
	ID        string
	Expires   int64 // Unix seconds (HMAC form)
	Signature string
	JWT       string
}

// Verified is an identity the shop vouched for.
type Verified struct {
	ID      string
	Name    string // from the JWT, when present
	Email   string
	Expires time.Time
	// Proof is what was signed (the signature or the token), so the caller
	// can refuse its reuse by another visitor.
	Proof string
}

// Errors, each with a message a merchant can act on.
var (
	ErrNoProof   = errors.New("identify needs a signature (with expires) or a jwt from your backend")
	ErrExpired   = errors.New("the identity signature has expired; sign it again on each page render")
	ErrTooLong   = errors.New("the identity signature expires too far ahead (at most 7 days)")
	ErrSignature = errors.New("the identity signature does not match; check the site's identity secret")
	ErrNoSecret  = errors.New("this site has no identity secret")
)

// Sign returns the HMAC signature of id and expires with secret, as the
// shop's backend computes it (also used by tests and docs examples).
func Sign(secret, id string, expires int64) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(id + ":" + strconv.FormatInt(expires, 10)))
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks c against the site's secret at time now.
func Verify(secret string, c Claim, now time.Time) (Verified, error) {
	if secret == "" {
		return Verified{}, ErrNoSecret
	}
	switch {
	case c.JWT != "":
		return verifyJWT(secret, c.JWT, now)
	case c.Signature != "" && c.ID != "" && c.Expires != 0:
		return verifyHMAC(secret, c, now)
	}
	return Verified{}, ErrNoProof
}

func verifyHMAC(secret string, c Claim, now time.Time) (Verified, error) {
	exp := time.Unix(c.Expires, 0)
	if err := checkExpiry(exp, now); err != nil {
		return Verified{}, err
	}
	got, err := hex.DecodeString(c.Signature)
	if err != nil {
		return Verified{}, ErrSignature
	}
	want, _ := hex.DecodeString(Sign(secret, c.ID, c.Expires))
	if !hmac.Equal(got, want) {
		return Verified{}, ErrSignature
	}
	return Verified{ID: c.ID, Expires: exp, Proof: c.Signature}, nil
}

type claims struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	jwt.RegisteredClaims
}

func verifyJWT(secret, token string, now time.Time) (Verified, error) {
	var cl claims
	_, err := jwt.ParseWithClaims(token, &cl, func(*jwt.Token) (any, error) { return []byte(secret), nil },
		jwt.WithValidMethods([]string{"HS256"}), // never "none", never an asymmetric key confusion
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return Verified{}, ErrExpired
	case err != nil:
		return Verified{}, fmt.Errorf("%w (%v)", ErrSignature, err)
	case cl.Subject == "":
		return Verified{}, errors.New("the identity token has no sub claim (the shopper's id)")
	}
	exp := cl.ExpiresAt.Time
	if err := checkExpiry(exp, now); err != nil {
		return Verified{}, err
	}
	return Verified{ID: cl.Subject, Name: cl.Name, Email: cl.Email, Expires: exp, Proof: token}, nil
}

func checkExpiry(exp, now time.Time) error {
	if !now.Before(exp) {
		return ErrExpired
	}
	if exp.Sub(now) > MaxLifetime {
		return ErrTooLong
	}
	return nil
}
