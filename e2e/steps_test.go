package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// steps returns a runner for a browser test told as a story: each step is a
// subtest named as a sentence, run with every tab reporting to it; after a
// step, check (when not nil) runs and every tab must have thrown no
// uncaught exception. A failed step ends the test: later steps build on it.
func steps(t *testing.T, check func(t *testing.T), tabs ...*tab) func(name string, f func(t *testing.T)) {
	return func(name string, f func(t *testing.T)) {
		t.Helper()
		ok := t.Run(name, func(t *testing.T) {
			for _, tb := range tabs {
				tb.t = t
			}
			f(t)
			if check != nil {
				check(t)
			}
			for _, tb := range tabs {
				tb.noExceptions()
			}
		})
		for _, tb := range tabs {
			tb.t = t
		}
		if !ok {
			t.FailNow()
		}
	}
}

// signIn opens the agent app at serverURL in agent's tab, signs in with the
// form and waits for the desk's live connection.
func signIn(agent *tab, serverURL, email, password string) {
	agent.do(chromedp.Navigate(serverURL + "/agent/"))
	agent.typeInto(agent.ax("", "textbox", "Email"), email)
	agent.typeInto(agent.ax("", "textbox", "Password"), password)
	agent.click(agent.ax("", "button", "Sign in"))
	agent.poll("live connection", deskOnline)
}

// openWidget clicks the launcher of the shop page open in shopper's tab and
// waits for the widget (served from serverURL) to be online; it returns the
// widget's frame. navigate, when not empty, loads that shop page first.
func openWidget(shopper *tab, serverURL, navigate string) cdp.FrameID {
	if navigate != "" {
		shopper.do(chromedp.Navigate(navigate))
	}
	shopper.click(shopper.ax("", "button", "Open chat"))
	frame := shopper.frame(serverURL + "/w/")
	framePoll[bool](shopper, frame, "widget online", widgetOnline)
	return frame
}

// sendFromWidget types text in the widget's message box and sends it.
func sendFromWidget(shopper *tab, frame cdp.FrameID, text string) {
	shopper.typeInto(shopper.ax(frame, "textbox", "Message"), text)
	shopper.click(shopper.ax(frame, "button", "Send"))
}
