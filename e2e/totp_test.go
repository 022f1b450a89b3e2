package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
	"github.com/pquerna/otp/totp"
)

// TestTwoStepSignIn signs in through the agents' app with TOTP on: the
// password step, a wrong code refused in words, the right code, and later a
// recovery code instead of the phone.
func TestTwoStepSignIn(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)

	// The admin turns two-step sign-in on through the API, as the Security
	// panel does.
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	var setup wire.TOTPSetup
	if status := admin.Do(t, "POST", "/api/v1/me/totp/setup", nil, &setup); status != 200 {
		t.Fatalf("setup: %d", status)
	}
	now := time.Now()
	code, err := totp.GenerateCode(setup.Secret, now)
	if err != nil {
		t.Fatal(err)
	}
	var recovery wire.TOTPRecoveryCodes
	if status := admin.Do(t, "POST", "/api/v1/me/totp/enable", wire.TOTPEnableRequest{Code: code}, &recovery); status != 200 || len(recovery.Codes) == 0 {
		t.Fatalf("enable: %d %+v", status, recovery)
	}

	browser := startBrowser(t)
	agent := newTab(t, browser, "agent")
	signInWithPassword := func() {
		agent.do(chromedp.Navigate(srv.URL + "/agent/"))
		agent.typeInto(agent.ax("", "textbox", "Email"), testserver.AdminEmail)
		agent.typeInto(agent.ax("", "textbox", "Password"), testserver.AdminPassword)
		agent.click(agent.ax("", "button", "Sign in"))
	}

	t.Run("the right password leads to the code step, not the inbox", func(t *testing.T) {
		signInWithPassword()
		agent.ax("", "textbox", "Authentication code")
		if eval[bool](agent, `!!document.querySelector('.inbox-empty')`) {
			t.Fatal("the inbox opened without the second factor")
		}
	})
	t.Run("a wrong code is refused with a message", func(t *testing.T) {
		agent.typeInto(agent.ax("", "textbox", "Authentication code"), "000000")
		agent.click(agent.ax("", "button", "Verify"))
		agent.poll("error shown", `(document.getElementById('login-error')||{}).textContent?.length > 0`)
	})
	t.Run("the next code of the app opens the inbox", func(t *testing.T) {
		// The code used to turn TOTP on is spent; the next step's code is
		// within the allowed skew.
		next, _ := totp.GenerateCode(setup.Secret, now.Add(30*time.Second))
		eval[bool](agent, `(() => { const i = document.querySelector('input[autocomplete="one-time-code"]'); i.value = ''; i.dispatchEvent(new Event('input', {bubbles:true})); return true })()`)
		agent.typeInto(agent.ax("", "textbox", "Authentication code"), next)
		agent.click(agent.ax("", "button", "Verify"))
		agent.poll("inbox", `!!document.querySelector('.inbox-empty')`)
	})
	t.Run("a recovery code works when the phone is lost", func(t *testing.T) {
		agent.click(agent.ax("", "button", "Sign out"))
		signInWithPassword()
		agent.click(agent.ax("", "button", "Use a recovery code"))
		agent.typeInto(agent.ax("", "textbox", "Recovery code"), recovery.Codes[0])
		agent.click(agent.ax("", "button", "Verify"))
		agent.poll("inbox", `!!document.querySelector('.inbox-empty')`)
	})
}
