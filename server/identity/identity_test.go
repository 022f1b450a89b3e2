package identity

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const secret = "s3cr3t-identity-key"

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func token(t *testing.T, method jwt.SigningMethod, key any, cl jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, cl).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerify(t *testing.T) {
	exp := now.Add(10 * time.Minute).Unix()
	for _, tc := range []struct {
		name  string
		claim Claim
		want  error
	}{
		{"a fresh HMAC signature is accepted", Claim{ID: "u42", Expires: exp, Signature: Sign(secret, "u42", exp)}, nil},
		{"an HMAC signature for another id is refused", Claim{ID: "u43", Expires: exp, Signature: Sign(secret, "u42", exp)}, ErrSignature},
		{"a moved expiry breaks the HMAC", Claim{ID: "u42", Expires: exp + 60, Signature: Sign(secret, "u42", exp)}, ErrSignature},
		{"an HMAC with another secret is refused", Claim{ID: "u42", Expires: exp, Signature: Sign("other", "u42", exp)}, ErrSignature},
		{"an expired HMAC is refused", Claim{ID: "u42", Expires: now.Unix() - 1, Signature: Sign(secret, "u42", now.Unix()-1)}, ErrExpired},
		{"an HMAC expiring in a year is refused", Claim{ID: "u42", Expires: now.AddDate(1, 0, 0).Unix(), Signature: Sign(secret, "u42", now.AddDate(1, 0, 0).Unix())}, ErrTooLong},
		{"a signature that is not hex is refused", Claim{ID: "u42", Expires: exp, Signature: "zz"}, ErrSignature},
		{"an id without proof is refused", Claim{ID: "u42"}, ErrNoProof},
		{"a valid HS256 token is accepted", Claim{JWT: token(t, jwt.SigningMethodHS256, []byte(secret), jwt.MapClaims{"sub": "u42", "exp": exp, "name": "Ana"})}, nil},
		{"an HS256 token without exp is refused", Claim{JWT: token(t, jwt.SigningMethodHS256, []byte(secret), jwt.MapClaims{"sub": "u42"})}, ErrSignature},
		{"an expired token is refused", Claim{JWT: token(t, jwt.SigningMethodHS256, []byte(secret), jwt.MapClaims{"sub": "u42", "exp": now.Unix() - 5})}, ErrExpired},
		{"an HS512 token is refused", Claim{JWT: token(t, jwt.SigningMethodHS512, []byte(secret), jwt.MapClaims{"sub": "u42", "exp": exp})}, ErrSignature},
		{"an unsigned alg=none token is refused", Claim{JWT: token(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, jwt.MapClaims{"sub": "u42", "exp": exp})}, ErrSignature},
		{"a token signed with another secret is refused", Claim{JWT: token(t, jwt.SigningMethodHS256, []byte("other"), jwt.MapClaims{"sub": "u42", "exp": exp})}, ErrSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Verify(secret, tc.claim, now)
			if tc.want == nil {
				if err != nil || v.ID != "u42" || v.Proof == "" {
					t.Fatalf("got %+v, %v", v, err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("a site without secret verifies nothing", func(t *testing.T) {
		if _, err := Verify("", Claim{ID: "u42", Expires: exp, Signature: Sign("", "u42", exp)}, now); !errors.Is(err, ErrNoSecret) {
			t.Fatal(err)
		}
	})
}

func FuzzVerify(f *testing.F) {
	exp := now.Add(time.Minute).Unix()
	f.Add("u42", exp, Sign(secret, "u42", exp), "")
	f.Add("", int64(0), "", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1NDIifQ.")
	f.Add("u42", int64(-1), "00", "a.b.c")
	f.Fuzz(func(t *testing.T, id string, expires int64, sig, tok string) {
		v, err := Verify(secret, Claim{ID: id, Expires: expires, Signature: sig, JWT: tok}, now)
		if err != nil {
			return
		}
		// Anything accepted must really carry our signature.
		if tok == "" && sig != Sign(secret, id, expires) && !hmacEqualHex(sig, Sign(secret, id, expires)) {
			t.Fatalf("accepted a forged signature %q for %q", sig, id)
		}
		if v.ID == "" || !v.Expires.After(now) {
			t.Fatalf("accepted %+v", v)
		}
	})
}

func hmacEqualHex(a, b string) bool {
	// hex decoding is case-insensitive: "AB" and "ab" are the same signature.
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}
