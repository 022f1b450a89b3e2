package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
	"github.com/pquerna/otp/totp"
)

// tryLogin posts a full login request and returns the status, the session
// (on 200) and the refusal (otherwise).
func tryLogin(t *testing.T, srv *testserver.Server, req wire.LoginRequest) (int, wire.Session, wire.Error) {
	t.Helper()
	data, _ := json.Marshal(req)
	r, _ := http.NewRequest("POST", srv.URL+"/api/v1/auth/login", bytes.NewReader(data))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Origin", srv.URL)
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode == 200 {
		var s wire.Session
		decodeJSON(res, &s)
		if s.CSRF == "" {
			t.Fatal("a 200 login without a session")
		}
		return 200, s, wire.Error{}
	}
	var body wire.ErrorBody
	decodeJSON(res, &body)
	for _, c := range res.Cookies() {
		if c.Name == "comptoir_session" && c.Value != "" {
			t.Fatalf("a refused login (%d %s) set a session cookie", res.StatusCode, body.Error.Code)
		}
	}
	return res.StatusCode, wire.Session{}, body.Error
}

// code is the authenticator app's code for secret at t, computed by the
// library with its defaults (what Google Authenticator and others assume).
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrol turns TOTP on for the signed-in agent a and returns the secret and
// the recovery codes.
func enrol(t *testing.T, a *testserver.Agent, now time.Time) (string, []string) {
	t.Helper()
	var setup wire.TOTPSetup
	if st := a.Do(t, "POST", "/api/v1/me/totp/setup", nil, &setup); st != 200 {
		t.Fatalf("setup: %d", st)
	}
	var rec wire.TOTPRecoveryCodes
	if st := a.Do(t, "POST", "/api/v1/me/totp/enable", wire.TOTPEnableRequest{Code: code(t, setup.Secret, now)}, &rec); st != 200 {
		t.Fatalf("enable: %d", st)
	}
	return setup.Secret, rec.Codes
}

func TestTOTPEnrolmentAndSignIn(t *testing.T) {
	clk := newClock()
	srv := testserver.Start(t, testserver.WithClock(clk.now))
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	creds := wire.LoginRequest{Email: testserver.AdminEmail, Password: testserver.AdminPassword}
	with := func(totpCode, recovery string) wire.LoginRequest {
		r := creds
		r.TOTP, r.RecoveryCode = totpCode, recovery
		return r
	}

	var setup wire.TOTPSetup
	t.Run("setup hands out a key and an otpauth URI for the agent's email", func(t *testing.T) {
		if st := admin.Do(t, "POST", "/api/v1/me/totp/setup", nil, &setup); st != 200 {
			t.Fatalf("status %d", st)
		}
		if len(setup.Secret) < 32 || !strings.HasPrefix(setup.URI, "otpauth://totp/Comptoir:admin@example.com?") ||
			!strings.Contains(setup.URI, "issuer=Comptoir") || !strings.Contains(setup.URI, "secret="+setup.Secret) {
			t.Fatalf("got %+v", setup)
		}
	})
	t.Run("a key not yet confirmed does not guard sign-in", func(t *testing.T) {
		if st, _, e := tryLogin(t, srv, creds); st != 200 {
			t.Fatalf("got %d %+v", st, e)
		}
	})
	t.Run("setup needs the CSRF token like every change", func(t *testing.T) {
		csrf := admin.CSRF
		admin.CSRF = ""
		defer func() { admin.CSRF = csrf }()
		var body wire.ErrorBody
		if st := admin.Do(t, "POST", "/api/v1/me/totp/setup", nil, &body); st != 403 {
			t.Fatalf("got %d", st)
		}
	})
	t.Run("a wrong confirmation code leaves it off", func(t *testing.T) {
		var body wire.ErrorBody
		if st := admin.Do(t, "POST", "/api/v1/me/totp/enable", wire.TOTPEnableRequest{Code: "000000"}, &body); st != 400 {
			t.Fatalf("got %d %+v", st, body)
		}
		var status wire.TOTPStatus
		admin.Do(t, "GET", "/api/v1/me/totp", nil, &status)
		if status.Enabled {
			t.Fatal("enabled by a wrong code")
		}
	})

	var recovery []string
	t.Run("a right code turns it on and gives ten recovery codes", func(t *testing.T) {
		var rec wire.TOTPRecoveryCodes
		if st := admin.Do(t, "POST", "/api/v1/me/totp/enable", wire.TOTPEnableRequest{Code: code(t, setup.Secret, clk.now())}, &rec); st != 200 {
			t.Fatalf("got %d", st)
		}
		if len(rec.Codes) != 10 {
			t.Fatalf("%d recovery codes", len(rec.Codes))
		}
		recovery = rec.Codes
		var status wire.TOTPStatus
		admin.Do(t, "GET", "/api/v1/me/totp", nil, &status)
		if !status.Enabled || status.RecoveryCodesLeft != 10 {
			t.Fatalf("status %+v", status)
		}
	})
	t.Run("the store keeps the secret but only hashes of the recovery codes", func(t *testing.T) {
		a, err := srv.DB().AgentByEmail(testserver.AdminEmail)
		if err != nil {
			t.Fatal(err)
		}
		if a.TOTP.Secret != setup.Secret || a.TOTP.Pending != "" || len(a.TOTP.RecoveryHashes) != 10 {
			t.Fatalf("stored %+v", a.TOTP)
		}
		stored, _ := json.Marshal(a)
		for _, c := range recovery {
			if bytes.Contains(bytes.ToLower(stored), []byte(strings.ToLower(c))) || bytes.Contains(stored, []byte(strings.ReplaceAll(c, "-", ""))) {
				t.Fatalf("recovery code %s stored in clear", c)
			}
		}
		log, _ := srv.DB().AuditLog(10)
		if len(log) == 0 || log[0].Action != store.AuditTOTPOn {
			t.Fatalf("audit %+v", log)
		}
	})
	t.Run("setup again while on is refused", func(t *testing.T) {
		var body wire.ErrorBody
		if st := admin.Do(t, "POST", "/api/v1/me/totp/setup", nil, &body); st != 400 {
			t.Fatalf("got %d", st)
		}
	})
	t.Run("the password alone now answers totp_required and opens no session", func(t *testing.T) {
		st, _, e := tryLogin(t, srv, creds)
		if st != 401 || e.Code != wire.CodeTOTPRequired {
			t.Fatalf("got %d %+v", st, e)
		}
	})
	t.Run("a code with a wrong password is still a wrong password", func(t *testing.T) {
		r := with(code(t, setup.Secret, clk.now().Add(30*time.Second)), "")
		r.Password = "nope"
		st, _, e := tryLogin(t, srv, r)
		if st != 401 || e.Code != wire.CodeInvalidCredentials || !strings.Contains(e.Message, "password") {
			t.Fatalf("got %d %+v", st, e)
		}
	})
	t.Run("a wrong code is refused", func(t *testing.T) {
		wrong := "123456"
		if code(t, setup.Secret, clk.now()) == wrong {
			wrong = "654321"
		}
		st, _, e := tryLogin(t, srv, with(wrong, ""))
		if st != 401 || e.Code != wire.CodeInvalidCredentials || !strings.Contains(e.Message, "code") {
			t.Fatalf("got %d %+v", st, e)
		}
	})
	t.Run("the code used to enable cannot sign in", func(t *testing.T) {
		if st, _, e := tryLogin(t, srv, with(code(t, setup.Secret, clk.now()), "")); st != 401 {
			t.Fatalf("got %d %+v", st, e)
		}
	})

	clk.advance(time.Minute)
	t.Run("the current code signs in once", func(t *testing.T) {
		c := code(t, setup.Secret, clk.now())
		if st, _, e := tryLogin(t, srv, with(c, "")); st != 200 {
			t.Fatalf("got %d %+v", st, e)
		}
		if st, _, e := tryLogin(t, srv, with(c, "")); st != 401 || e.Code != wire.CodeInvalidCredentials {
			t.Fatalf("reused code: got %d %+v", st, e)
		}
	})

	clk.advance(2 * time.Minute)
	t.Run("a code two steps old is refused", func(t *testing.T) {
		if st, _, e := tryLogin(t, srv, with(code(t, setup.Secret, clk.now().Add(-time.Minute)), "")); st != 401 {
			t.Fatalf("got %d %+v", st, e)
		}
	})
	t.Run("a phone 30 s slow is accepted", func(t *testing.T) {
		if st, _, e := tryLogin(t, srv, with(code(t, setup.Secret, clk.now().Add(-30*time.Second)), "")); st != 200 {
			t.Fatalf("got %d %+v", st, e)
		}
	})
	t.Run("a phone 30 s fast is accepted", func(t *testing.T) {
		if st, _, e := tryLogin(t, srv, with(code(t, setup.Secret, clk.now().Add(30*time.Second)), "")); st != 200 {
			t.Fatalf("got %d %+v", st, e)
		}
	})
	t.Run("after a later code, the current one (earlier) is refused", func(t *testing.T) {
		if st, _, e := tryLogin(t, srv, with(code(t, setup.Secret, clk.now()), "")); st != 401 {
			t.Fatalf("got %d %+v", st, e)
		}
	})

	t.Run("a recovery code signs in once", func(t *testing.T) {
		if st, _, e := tryLogin(t, srv, with("", strings.ToUpper(recovery[4]))); st != 200 {
			t.Fatalf("got %d %+v", st, e)
		}
		if st, _, e := tryLogin(t, srv, with("", recovery[4])); st != 401 || e.Code != wire.CodeInvalidCredentials {
			t.Fatalf("second use: got %d %+v", st, e)
		}
		var status wire.TOTPStatus
		admin.Do(t, "GET", "/api/v1/me/totp", nil, &status)
		if status.RecoveryCodesLeft != 9 {
			t.Fatalf("status %+v", status)
		}
	})

	clk.advance(2 * time.Minute)
	t.Run("disable needs the password", func(t *testing.T) {
		var body wire.ErrorBody
		st := admin.Do(t, "POST", "/api/v1/me/totp/disable", wire.TOTPDisableRequest{Password: "nope", Code: code(t, setup.Secret, clk.now())}, &body)
		if st != 401 || body.Error.Code != wire.CodeInvalidCredentials {
			t.Fatalf("got %d %+v", st, body)
		}
	})
	t.Run("disable needs a right code", func(t *testing.T) {
		var body wire.ErrorBody
		st := admin.Do(t, "POST", "/api/v1/me/totp/disable", wire.TOTPDisableRequest{Password: testserver.AdminPassword, Code: "000000"}, &body)
		if st != 401 || body.Error.Code != wire.CodeInvalidCredentials {
			t.Fatalf("got %d %+v", st, body)
		}
	})
	t.Run("disable with password and code turns it off", func(t *testing.T) {
		st := admin.Do(t, "POST", "/api/v1/me/totp/disable", wire.TOTPDisableRequest{Password: testserver.AdminPassword, Code: code(t, setup.Secret, clk.now())}, nil)
		if st != 204 {
			t.Fatalf("got %d", st)
		}
		a, _ := srv.DB().AgentByEmail(testserver.AdminEmail)
		if a.TOTP.Enabled() || a.TOTP.Secret != "" || len(a.TOTP.RecoveryHashes) != 0 {
			t.Fatalf("still stored: %+v", a.TOTP)
		}
		// The wrong tries above stay under the throttle: every good
		// sign-in resets the account's count.
		if st, _, e := tryLogin(t, srv, creds); st != 200 {
			t.Fatalf("password alone: %d %+v", st, e)
		}
	})
}

func TestTOTPDisableWithRecoveryCode(t *testing.T) {
	clk := newClock()
	srv := testserver.Start(t, testserver.WithClock(clk.now))
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	_, recovery := enrol(t, admin, clk.now())
	// The phone is lost: a recovery code stands in for the app's code.
	st := admin.Do(t, "POST", "/api/v1/me/totp/disable", wire.TOTPDisableRequest{Password: testserver.AdminPassword, Code: recovery[9]}, nil)
	if st != 204 {
		t.Fatalf("got %d", st)
	}
}

func TestTOTPFailuresAreThrottled(t *testing.T) {
	clk := newClock()
	srv := testserver.Start(t, testserver.WithClock(clk.now))
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	secret, _ := enrol(t, admin, clk.now())
	clk.advance(time.Minute)
	creds := wire.LoginRequest{Email: testserver.AdminEmail, Password: testserver.AdminPassword}

	t.Run("asking for the code is not a failure", func(t *testing.T) {
		for range 8 {
			if st, _, e := tryLogin(t, srv, creds); st != 401 || e.Code != wire.CodeTOTPRequired {
				t.Fatalf("got %d %+v", st, e)
			}
		}
	})
	good := code(t, secret, clk.now())
	bad := "000000"
	if good == bad {
		bad = "111111"
	}
	for i := range 5 {
		r := creds
		r.TOTP = bad
		if st, _, e := tryLogin(t, srv, r); st != 401 || e.Code != wire.CodeInvalidCredentials {
			t.Fatalf("attempt %d: %d %+v", i, st, e)
		}
	}
	t.Run("after five wrong codes even the right one is refused for a while", func(t *testing.T) {
		r := creds
		r.TOTP = good
		if st, _, e := tryLogin(t, srv, r); st != 429 || e.Code != wire.CodeRateLimited {
			t.Fatalf("got %d %+v", st, e)
		}
	})
	t.Run("and the right one is not spent by the refusal", func(t *testing.T) {
		clk.advance(4 * time.Minute)
		r := creds
		r.TOTP = code(t, secret, clk.now())
		if st, _, e := tryLogin(t, srv, r); st != 200 {
			t.Fatalf("got %d %+v", st, e)
		}
	})
}
