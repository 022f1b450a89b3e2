package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// This file holds the few browser services the desk uses besides the DOM:
// language, document title and visibility, notifications and the beep.
// All go through app.Window(), which is inert when the package runs natively.

// browserLang is the UI language the browser asks for.
func browserLang() Lang {
	nav := app.Window().Get("navigator")
	if !nav.Truthy() {
		return "en"
	}
	return PickLang(nav.Get("language").String())
}

func document() app.Value { return app.Window().Get("document") }

// documentHidden reports whether the tab is in the background.
func documentHidden() bool {
	d := document()
	return d.Truthy() && d.Get("hidden").Bool()
}

// setTitle shows the unread total in the tab and the installed app's title
// bar: "(3) Comptoir".
func setTitle(l Lang, unread uint64) {
	d := document()
	if !d.Truthy() {
		return
	}
	title := l.T(KAppName)
	if unread > 0 {
		title = "(" + strconv.FormatUint(unread, 10) + ") " + title
	}
	if d.Get("title").String() != title {
		d.Set("title", title)
	}
}

// setDocumentLang keeps <html lang> in step with the UI language, for screen
// readers and hyphenation.
func setDocumentLang(l Lang) {
	if d := document(); d.Truthy() {
		d.Get("documentElement").Set("lang", string(l))
	}
}

// Notification permission states, as the browser names them.
const (
	permDefault = "default"
	permGranted = "granted"
	permDenied  = "denied"
)

// notificationPermission is the browser's current answer, or "" when the
// browser has no Notification API.
func notificationPermission() string {
	n := app.Window().Get("Notification")
	if !n.Truthy() {
		return ""
	}
	return n.Get("permission").String()
}

// requestNotificationPermission asks the browser; it must run inside a click
// handler, which is why the header has a button instead of asking on load.
// done gets the new permission on the JavaScript event loop.
func requestNotificationPermission(done func(string)) {
	n := app.Window().Get("Notification")
	if !n.Truthy() {
		return
	}
	var f app.Func
	f = app.FuncOf(func(this app.Value, args []app.Value) any {
		f.Release()
		p := notificationPermission()
		if len(args) > 0 && args[0].Type() == app.TypeString {
			p = args[0].String()
		}
		done(p)
		return nil
	})
	n.Call("requestPermission").Call("then", f)
}

// notify shows a system notification when allowed. Clicking it brings the
// desk forward. tag collapses several messages of one conversation into one.
func notify(title, body, tag, icon string) {
	if notificationPermission() != permGranted {
		return
	}
	n := app.Window().Get("Notification").New(title, map[string]any{
		"body": body,
		"tag":  tag,
		"icon": icon,
	})
	var onClick app.Func
	onClick = app.FuncOf(func(this app.Value, args []app.Value) any {
		app.Window().Call("focus")
		n.Call("close")
		onClick.Release()
		return nil
	})
	n.Set("onclick", onClick)
}

// beeper plays a short two-note chime with the Web Audio API: no sound file
// to ship or cache. Its AudioContext is made on first use and kept, because
// browsers limit how many a page may create.
type beeper struct {
	ctx app.Value
}

// unlock creates (or resumes) the audio context; browsers only allow that
// after a user gesture, so the desk calls it from clicks.
func (b *beeper) unlock() {
	if b.ctx == nil {
		ac := app.Window().Get("AudioContext")
		if !ac.Truthy() {
			ac = app.Window().Get("webkitAudioContext")
		}
		if !ac.Truthy() {
			return
		}
		b.ctx = ac.New()
	}
	if b.ctx.Get("state").String() == "suspended" {
		b.ctx.Call("resume")
	}
}

// beep plays the chime if audio was unlocked.
func (b *beeper) beep() {
	if b.ctx == nil || b.ctx.Get("state").String() != "running" {
		return
	}
	now := b.ctx.Get("currentTime").Float()
	for i, freq := range []float64{880, 1320} {
		start := now + float64(i)*0.12
		osc := b.ctx.Call("createOscillator")
		gain := b.ctx.Call("createGain")
		osc.Set("type", "sine")
		osc.Get("frequency").Set("value", freq)
		gain.Get("gain").Call("setValueAtTime", 0.0001, start)
		gain.Get("gain").Call("exponentialRampToValueAtTime", 0.15, start+0.02)
		gain.Get("gain").Call("exponentialRampToValueAtTime", 0.0001, start+0.18)
		osc.Call("connect", gain)
		gain.Call("connect", b.ctx.Get("destination"))
		osc.Call("start", start)
		osc.Call("stop", start+0.2)
	}
}

// onDocumentEvent listens to a document event for the life of the page.
func onDocumentEvent(event string, f func()) {
	d := document()
	if !d.Truthy() {
		return
	}
	d.Call("addEventListener", event, app.FuncOf(func(this app.Value, args []app.Value) any {
		f()
		return nil
	}))
}

// focusElement moves keyboard focus to the element with id, if present.
func focusElement(id string) {
	if e := app.Window().GetElementByID(id); e.Truthy() {
		e.Call("focus")
	}
}
