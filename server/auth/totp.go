package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings: RFC 6238 with the values every authenticator app assumes
// when it reads an otpauth:// URI (30 s, 6 digits, HMAC-SHA1).
const (
	TOTPIssuer = "Comptoir"
	totpPeriod = 30
	totpDigits = otp.DigitsSix
	totpAlgo   = otp.AlgorithmSHA1
	// totpSkew is how many steps either side of now are accepted: a phone
	// whose clock is up to 30 s off, or a code typed as it rolls over.
	totpSkew = 1
	// totpSecretBytes is RFC 4226's recommended 160-bit key.
	totpSecretBytes = 20
)

// RecoveryCodeCount is how many recovery codes an agent gets at enrolment.
const RecoveryCodeCount = 10

// NewTOTPKey makes a random secret for account and returns it in base32 (to
// type into an app) and as an otpauth:// URI (to paste or turn into a QR code).
func NewTOTPKey(account string) (secret, uri string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      TOTPIssuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  totpSecretBytes,
		Digits:      totpDigits,
		Algorithm:   totpAlgo,
	})
	if err != nil {
		return "", "", err
	}
	return key.Secret(), key.URL(), nil
}

// TOTPStep is the RFC 6238 time step that contains t.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// CheckTOTP says whether code is the secret's code for a step within
// totpSkew of now and later than lastStep, and returns that step. Callers
// store the step and pass it back next time: a code, once accepted, is
// refused even while it is still current, so one seen over a shoulder or
// in a proxy log cannot be replayed. lastStep is 0 before any use.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	code = strings.TrimSpace(code)
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != totpDigits.Length() {
		return 0, false
	}
	cur := TOTPStep(now)
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if s <= lastStep || s < 0 {
			continue
		}
		// hotp.ValidateCustom compares in constant time.
		match, err := hotp.ValidateCustom(code, uint64(s), secret, hotp.ValidateOpts{Digits: totpDigits, Algorithm: totpAlgo})
		if err != nil {
			return 0, false
		}
		if match {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode is the code of secret at t: for tests and for the command line,
// never needed by the server itself.
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: totpAlgo})
}

// recoveryEncoding is base32 without the letters people confuse with digits
// (Crockford's): codes are read off paper and typed by hand.
var recoveryEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewRecoveryCodes returns n one-time recovery codes to show the agent once,
// and the hashes to store instead of them.
//
// Each code carries 80 random bits (16 base32 characters, shown as four
// groups of four). With that much entropy a single SHA-256 is enough: nobody
// can enumerate 2^80 candidates against a stolen hash, salted or not, which
// is the same reasoning as for session tokens. A slow hash (argon2id, as for
// passwords) only pays off for guessable secrets, and would cost 19 MiB and
// tens of milliseconds per stored code at every recovery sign-in.
func NewRecoveryCodes(n int) (codes, hashes []string) {
	for range n {
		b := make([]byte, 10)
		if _, err := rand.Read(b); err != nil {
			panic("auth: crypto/rand failed: " + err.Error()) // never on a working OS
		}
		raw := recoveryEncoding.EncodeToString(b)
		codes = append(codes, raw[0:4]+"-"+raw[4:8]+"-"+raw[8:12]+"-"+raw[12:16])
		hashes = append(hashes, hashRecoveryCode(raw))
	}
	return codes, hashes
}

// MatchRecoveryCode returns the index in hashes of code's hash, or -1.
// Case, spaces and dashes are ignored, and the letters people mistake for
// digits (o, i, l) are read as Crockford's base32 does.
func MatchRecoveryCode(hashes []string, code string) int {
	norm := normalizeRecoveryCode(code)
	if len(norm) != 16 {
		return -1
	}
	h := hashRecoveryCode(norm)
	found := -1
	// Compare against every hash, in constant time, so the answer's timing
	// does not say which slot matched.
	for i, want := range hashes {
		if subtle.ConstantTimeCompare([]byte(h), []byte(want)) == 1 && found < 0 {
			found = i
		}
	}
	return found
}

func normalizeRecoveryCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(code) {
		switch {
		case r == '-' || r == ' ' || r == '\t':
		case r == 'o':
			b.WriteRune('0')
		case r == 'i' || r == 'l':
			b.WriteRune('1')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hashRecoveryCode(norm string) string {
	sum := sha256.Sum256([]byte("comptoir-recovery:" + norm))
	return hex.EncodeToString(sum[:])
}
