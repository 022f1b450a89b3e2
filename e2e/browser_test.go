package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/comptoir/comptoir/server/testserver"
)

const chromiumPath = "/usr/bin/chromium"

// waitFor bounds every wait on the browser: a guard, not a measure. The
// first load of the agents' app compiles ~10 MB of WebAssembly while the
// -race suite runs beside it on 2 cores.
const waitFor = 40 * time.Second

// needBrowser skips the test without Chromium, except in CI where the
// browser is part of the contract.
func needBrowser(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required in CI: %v", err)
		}
		t.Skipf("no browser: %v", err)
	}
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("browser test skipped in -short mode (never in CI)")
	}
}

// needApps fails early, with the fix in the message, when the binary was
// compiled without the WebAssembly apps (the server then answers 503).
func needApps(t *testing.T, srv *testserver.Server) {
	t.Helper()
	for _, p := range []string{"/w/", "/agent/"} {
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusServiceUnavailable {
			t.Fatalf("GET %s answers 503: the apps are not embedded; run make apps first", p)
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", p, res.StatusCode)
		}
	}
}

// startBrowser runs one headless Chromium for the test and returns its first
// context, already started, so that tabs in new browser contexts (separate
// cookies and storage) can be made from it.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Two tabs (shopper, agent) run side by side and only one is in
		// front: the other must keep its timers and frames running.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1000, 700),
	)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	// Cleanups run last-in first-out: the browser stops before the servers
	// that the test registered earlier, so no socket is left half-open.
	t.Cleanup(func() {
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		defer ccancel()
		chromedp.Cancel(cctx)
		cancel()
		cancelAlloc()
	})
	return ctx
}

// tab is one browser tab in a browser context of its own: the shopper and
// the agent never share cookies or storage.
type tab struct {
	t    *testing.T
	name string
	ctx  context.Context

	mu         sync.Mutex
	requests   []string // URLs of every request the page and its frames made
	sockets    []string // URLs of every WebSocket opened
	exceptions []string // uncaught JavaScript exceptions
	worlds     map[cdp.FrameID]runtime.ExecutionContextID
}

// newTab opens a tab in a new browser context of browser, with a
// 1000×700 viewport.
func newTab(t *testing.T, browser context.Context, name string) *tab {
	t.Helper()
	tb := &tab{t: t, name: name, worlds: map[cdp.FrameID]runtime.ExecutionContextID{}}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.onEvent))
	t.Cleanup(cancel)
	tb.ctx = ctx
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1000, 700)); err != nil {
		t.Fatalf("%s: open tab: %v", name, err)
	}
	return tb
}

// onEvent records what the tab does on the network and what it throws. It
// runs on chromedp's reader goroutine, so it only appends under the lock.
func (tb *tab) onEvent(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		tb.requests = append(tb.requests, ev.Request.URL)
	case *network.EventWebSocketCreated:
		tb.sockets = append(tb.sockets, ev.URL)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		tb.exceptions = append(tb.exceptions, msg)
	}
}

// seen returns copies of the recorded requests and sockets.
func (tb *tab) seen() (requests, sockets []string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.requests...), append([]string(nil), tb.sockets...)
}

// noExceptions fails the test for every uncaught exception seen so far.
func (tb *tab) noExceptions() {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.exceptions {
		tb.t.Errorf("%s: uncaught exception: %s", tb.name, e)
	}
	tb.exceptions = nil
}

func (tb *tab) fatalf(format string, args ...any) {
	tb.t.Helper()
	tb.t.Fatalf(tb.name+": "+format, args...)
}

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.fatalf("%v", err)
	}
}

// eval evaluates js in the tab's top page.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		tb.fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// poll waits until js is truthy in the top page. The predicate runs in the
// browser every 50 ms (not at animation frames: a tab that is not in front
// may get none); what names the wait in the failure.
func (tb *tab) poll(what, js string) {
	tb.t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(waitFor), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		tb.fatalf("%s: %v (waited for %s)", what, err, js)
	}
}

// frame finds the frame whose URL starts with prefix, waiting for it.
func (tb *tab) frame(prefix string) cdp.FrameID {
	tb.t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		res, err := chromedp.Call(tb.ctx, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			tb.fatalf("frame tree: %v", err)
		}
		if id := findFrame(res.FrameTree, prefix); id != "" {
			return id
		}
		if time.Now().After(deadline) {
			tb.fatalf("no frame loaded from %s", prefix)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func findFrame(ft *page.FrameTree, prefix string) cdp.FrameID {
	if ft == nil {
		return ""
	}
	if ft.Frame != nil && ft.Frame.ParentID != "" && strings.HasPrefix(ft.Frame.URL, prefix) {
		return ft.Frame.ID
	}
	for _, c := range ft.ChildFrames {
		if id := findFrame(c, prefix); id != "" {
			return id
		}
	}
	return ""
}

// frameEval evaluates js in frame. The widget's frame is cross-origin to
// the shop page, so the page's own JavaScript cannot reach it; an isolated
// world made by DevTools in that frame can, and it sees the same DOM (but
// none of the app's globals, which the test does not need).
func frameEval[T any](tb *tab, frame cdp.FrameID, js string) (T, error) {
	var zero T
	for attempt := 0; ; attempt++ {
		tb.mu.Lock()
		world, ok := tb.worlds[frame]
		tb.mu.Unlock()
		if !ok {
			res, err := chromedp.Call(tb.ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frame, WorldName: "e2e"})
			if err != nil {
				return zero, fmt.Errorf("isolated world in frame %s: %w", frame, err)
			}
			world = res.ExecutionContextID
			tb.mu.Lock()
			tb.worlds[frame] = world
			tb.mu.Unlock()
		}
		v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, func(p *runtime.EvaluateParams) { p.ContextID = world }))
		if err == nil || attempt > 0 {
			return v, err
		}
		// The frame navigated (the world died with its document): make a
		// new world once.
		var exc *chromedp.ExceptionError
		if errors.As(err, &exc) {
			return v, err
		}
		tb.mu.Lock()
		delete(tb.worlds, frame)
		tb.mu.Unlock()
	}
}

// framePoll waits until js is truthy in frame and returns its last value.
func framePoll[T any](tb *tab, frame cdp.FrameID, what, js string) T {
	tb.t.Helper()
	deadline := time.Now().Add(waitFor)
	var last error
	for {
		v, err := frameEval[T](tb, frame, js)
		if err == nil && truthy(v) {
			return v
		}
		last = err
		if time.Now().After(deadline) {
			tb.fatalf("%s: still false after %v (last value %v, error %v): %s", what, waitFor, v, last, js)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v != ""
	case int:
		return v != 0
	case nil:
		return false
	}
	return true
}

// axNode is an element as assistive technologies see it: found by role and
// accessible name, the way a person finds it.
type axNode struct {
	role, name  string
	description string
	backend     cdp.BackendNodeID
	props       map[string]string
}

// ax waits for an element with role and name in frame ("" for the top
// page). The accessibility tree also sees into the loader's closed shadow
// root, which no selector can.
func (tb *tab) ax(frame cdp.FrameID, role, name string) axNode {
	tb.t.Helper()
	return tb.axWhere(frame, role, name, func(axNode) bool { return true })
}

// axWhere is ax for an element that must also satisfy match, e.g. carry a
// given description.
func (tb *tab) axWhere(frame cdp.FrameID, role, name string, match func(axNode) bool) axNode {
	tb.t.Helper()
	deadline := time.Now().Add(waitFor)
	var seen []string
	for {
		res, err := chromedp.Call(tb.ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{FrameID: frame})
		if err == nil {
			seen = seen[:0]
			for _, n := range res.Nodes {
				if n.Ignored || axString(n.Role) != role {
					continue
				}
				got := axNode{role: role, name: axString(n.Name), description: axString(n.Description),
					backend: n.BackendDOMNodeID, props: map[string]string{}}
				for _, p := range n.Properties {
					got.props[string(p.Name)] = axString(p.Value)
				}
				if got.name == name && match(got) {
					return got
				}
				seen = append(seen, fmt.Sprintf("%s (%s)", got.name, got.description))
			}
		}
		if time.Now().After(deadline) {
			tb.fatalf("no matching %s named %q (error %v); %ss seen: %q", role, name, err, role, seen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func axString(v *accessibility.Value) string {
	if v == nil || len(v.Value) == 0 {
		return ""
	}
	var x any
	if err := json.Unmarshal(v.Value, &x); err != nil {
		return string(v.Value)
	}
	return fmt.Sprint(x)
}

// click presses the mouse in the middle of the node, as a person would:
// the event goes through hit testing, so a node covered by something else
// is not clicked.
func (tb *tab) click(n axNode) {
	tb.t.Helper()
	res, err := chromedp.Call(tb.ctx, dom.GetBoxModel, dom.GetBoxModelParams{BackendNodeID: n.backend})
	if err != nil {
		tb.fatalf("box of %s %q: %v", n.role, n.name, err)
	}
	q := res.Model.Border
	x, y := (q[0]+q[2]+q[4]+q[6])/4, (q[1]+q[3]+q[5]+q[7])/4
	tb.do(chromedp.MouseEvent(chromedp.MouseMoved, x, y), chromedp.MouseClickXY(x, y))
}

// clickCSS clicks the middle of the first element matching sel in the top
// page.
func (tb *tab) clickCSS(sel string) {
	tb.t.Helper()
	js := fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`, sel)
	xy := eval[[]float64](tb, js)
	tb.do(chromedp.MouseClickXY(xy[0], xy[1]))
}

// typeInto focuses the node and types text into it, as an input method
// does (real input events, which the apps' handlers see).
func (tb *tab) typeInto(n axNode, text string) {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, dom.Focus, dom.FocusParams{BackendNodeID: n.backend}); err != nil {
		tb.fatalf("focus %s %q: %v", n.role, n.name, err)
	}
	if _, err := chromedp.Call(tb.ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		tb.fatalf("type into %s %q: %v", n.role, n.name, err)
	}
}

// screenshot captures the tab's viewport as PNG.
func (tb *tab) screenshot() []byte {
	tb.t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.fatalf("screenshot: %v", err)
	}
	return png
}
