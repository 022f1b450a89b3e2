package auth

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestTOTP(t *testing.T) {
	secret, uri, err := NewTOTPKey("ada@example.com")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the URI is what authenticator apps read", func(t *testing.T) {
		u, err := url.Parse(uri)
		if err != nil || u.Scheme != "otpauth" || u.Host != "totp" {
			t.Fatalf("uri %q: %v", uri, err)
		}
		q := u.Query()
		if q.Get("secret") != secret || q.Get("issuer") != "Comptoir" || q.Get("digits") != "6" ||
			q.Get("period") != "30" || q.Get("algorithm") != "SHA1" {
			t.Fatalf("query %v", q)
		}
		if !strings.Contains(u.Path, "ada@example.com") {
			t.Fatalf("account missing from %q", u.Path)
		}
	})

	now := time.Date(2026, 3, 1, 12, 0, 10, 0, time.UTC)
	code := func(at time.Time) string {
		c, err := TOTPCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		lastStep int64
		ok       bool
		step     int64
	}{
		{"the current code is accepted", code(now), 0, true, TOTPStep(now)},
		{"the previous step's code is accepted (slow phone)", code(now.Add(-30 * time.Second)), 0, true, TOTPStep(now) - 1},
		{"the next step's code is accepted (fast phone)", code(now.Add(30 * time.Second)), 0, true, TOTPStep(now) + 1},
		{"a code two steps old is refused", code(now.Add(-60 * time.Second)), 0, false, 0},
		{"a code already used is refused", code(now), TOTPStep(now), false, 0},
		{"an older code than the last used is refused", code(now.Add(-30 * time.Second)), TOTPStep(now), false, 0},
		{"spaces are ignored", code(now)[:3] + " " + code(now)[3:], 0, true, TOTPStep(now)},
		{"a wrong length is refused", code(now) + "1", 0, false, 0},
		{"garbage is refused", "abcdef", 0, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step, ok := CheckTOTP(secret, tt.code, now, tt.lastStep)
			if ok != tt.ok || (ok && step != tt.step) {
				t.Fatalf("CheckTOTP(%q) = %d, %v; want %d, %v", tt.code, step, ok, tt.step, tt.ok)
			}
		})
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, hashes := NewRecoveryCodes(RecoveryCodeCount)
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 19 || strings.Count(c, "-") != 3 {
			t.Fatalf("code %q is not four groups of four", c)
		}
		if seen[c] {
			t.Fatalf("duplicate code %q", c)
		}
		seen[c] = true
		if strings.Contains(hashes[i], c[:4]) && strings.Contains(hashes[i], c[5:9]) {
			t.Fatalf("hash %q looks like it holds the code", hashes[i])
		}
	}
	t.Run("each code matches its own hash", func(t *testing.T) {
		for i, c := range codes {
			if got := MatchRecoveryCode(hashes, c); got != i {
				t.Fatalf("code %d matched %d", i, got)
			}
		}
	})
	t.Run("case, spaces and look-alike letters do not matter", func(t *testing.T) {
		c := strings.ToUpper(strings.ReplaceAll(codes[3], "-", " "))
		c = strings.ReplaceAll(strings.ReplaceAll(c, "0", "O"), "1", "l")
		if got := MatchRecoveryCode(hashes, c); got != 3 {
			t.Fatalf("%q matched %d", c, got)
		}
	})
	t.Run("an unknown or malformed code matches nothing", func(t *testing.T) {
		other, _ := NewRecoveryCodes(1)
		for _, c := range []string{other[0], "", "1234-5678", codes[0] + "0"} {
			if got := MatchRecoveryCode(hashes, c); got != -1 {
				t.Fatalf("%q matched %d", c, got)
			}
		}
	})
}
