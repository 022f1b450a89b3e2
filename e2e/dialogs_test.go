package e2e

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// dialogWatch counts the JavaScript dialogs (alert, confirm, prompt) that
// any frame of a set of tabs opens, and dismisses each so that a page never
// hangs on one. An XSS payload that runs shows up here.
type dialogWatch struct {
	mu   sync.Mutex
	seen []string // "tab: frame URL: message"
}

// watchDialogs starts counting dialogs in every tab given. Events from a
// tab's frames (the widget's iframe included: it is same-site with the shop,
// so it lives in the tab's own renderer) arrive on the tab's target.
func watchDialogs(t *testing.T, tabs ...*tab) *dialogWatch {
	t.Helper()
	w := &dialogWatch{}
	for _, tb := range tabs {
		ctx, name := tb.ctx, tb.name
		err := chromedp.Listen(ctx, func(ev any) {
			e, ok := ev.(*page.EventJavascriptDialogOpening)
			if !ok {
				return
			}
			w.mu.Lock()
			w.seen = append(w.seen, fmt.Sprintf("%s: %s: %s %q", name, e.URL, e.Type, e.Message))
			w.mu.Unlock()
			// Listen's callback must not call the browser itself.
			go func() {
				cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				defer cancel()
				chromedp.Call(cctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		})
		if err != nil {
			t.Fatalf("%s: listen for dialogs: %v", name, err)
		}
	}
	return w
}

// dialogs returns the dialogs seen so far.
func (w *dialogWatch) dialogs() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.seen...)
}

// reset forgets the dialogs seen so far.
func (w *dialogWatch) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen = nil
}

// probe proves the watch works where it matters: it opens one alert in
// frame of tb ("" for the top page), waits until the watch saw it and it
// was dismissed, then forgets it. Without this, "0 dialogs" could mean a
// deaf listener.
func (w *dialogWatch) probe(t *testing.T, tb *tab, frame cdp.FrameID) {
	t.Helper()
	// The alert runs after the evaluation returns: an alert inside it would
	// hold the evaluation until dismissed.
	const js = `setTimeout(() => { alert('e2e probe'); document.documentElement.dataset.e2eProbe = 'dismissed'; }), true`
	var err error
	if frame == "" {
		_, err = tryEval[bool](tb, js)
	} else {
		_, err = frameEval[bool](tb, frame, js)
	}
	if err != nil {
		t.Fatalf("%s: probe alert: %v", tb.name, err)
	}
	const done = `document.documentElement.dataset.e2eProbe === 'dismissed'`
	if frame == "" {
		tb.poll("probe alert dismissed", done)
	} else {
		framePoll[bool](tb, frame, "probe alert dismissed", done)
	}
	if got := w.dialogs(); len(got) != 1 {
		t.Fatalf("%s: the probe alert was seen as %q, want exactly one dialog", tb.name, got)
	}
	w.reset()
	cleanup := `delete document.documentElement.dataset.e2eProbe, true`
	if frame == "" {
		tryEval[bool](tb, cleanup)
	} else {
		frameEval[bool](tb, frame, cleanup)
	}
}
