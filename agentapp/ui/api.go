package ui

import (
	"encoding/json"
	"strconv"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// apiBase is where the REST API lives, on the app's own origin.
const apiBase = "/api/v1"

// restClient calls the REST API with the browser's fetch, so that net/http
// stays out of the wasm. It holds the CSRF token of the session in memory
// only: a reload asks /me for it again.
type restClient struct {
	csrf string
}

// call sends method path with body (JSON, when not nil) and decodes a 2xx
// answer into out (when not nil). done runs on the JavaScript event loop with
// the HTTP status (0 when the network failed) and the refusal, if any: the
// caller must hop into ctx.Dispatch before touching component state.
func (r *restClient) call(method, path string, body, out any, done func(status int, err *wire.Error)) {
	headers := map[string]any{"Accept": "application/json"}
	opts := map[string]any{
		"method":      method,
		"credentials": "same-origin",
		"cache":       "no-store",
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			done(0, &wire.Error{Code: wire.CodeBadRequest, Message: err.Error()})
			return
		}
		headers["Content-Type"] = "application/json"
		opts["body"] = string(b)
	}
	if method != "GET" && r.csrf != "" {
		headers["X-CSRF-Token"] = r.csrf
	}
	opts["headers"] = headers

	// Every JavaScript callback is released once the chain settles, so a
	// long session does not accumulate them.
	var funcs []app.Func
	release := func() {
		for _, f := range funcs {
			f.Release()
		}
	}
	networkFailed := app.FuncOf(func(this app.Value, args []app.Value) any {
		release()
		done(0, nil)
		return nil
	})
	funcs = append(funcs, networkFailed)
	var status int
	gotText := app.FuncOf(func(this app.Value, args []app.Value) any {
		release()
		text := ""
		if len(args) > 0 {
			text = args[0].String()
		}
		if status >= 200 && status < 300 {
			if out != nil && text != "" {
				if err := json.Unmarshal([]byte(text), out); err != nil {
					done(status, &wire.Error{Code: wire.CodeInternal, Message: "unreadable answer from the server: " + err.Error()})
					return nil
				}
			}
			done(status, nil)
			return nil
		}
		var eb wire.ErrorBody
		if json.Unmarshal([]byte(text), &eb) != nil || eb.Error.Code == "" {
			eb.Error = wire.Error{Code: wire.CodeInternal, Message: "the server answered " + strconv.Itoa(status)}
		}
		done(status, &eb.Error)
		return nil
	})
	funcs = append(funcs, gotText)
	gotResponse := app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			release()
			done(0, nil)
			return nil
		}
		status = args[0].Get("status").Int()
		args[0].Call("text").Call("then", gotText, networkFailed)
		return nil
	})
	funcs = append(funcs, gotResponse)
	app.Window().Call("fetch", apiBase+path, opts).Call("then", gotResponse, networkFailed)
}
