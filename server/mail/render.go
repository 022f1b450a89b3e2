package mail

import (
	"bytes"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

// Line is one message of the conversation shown in an email.
type Line struct {
	Author string
	Body   string
	// New marks the replies the email is about.
	New bool
}

// Email is what an email says, before it is written in a language.
type Email struct {
	// Transcript is the whole conversation on request; otherwise replies
	// the shopper missed.
	Transcript bool
	Lang       string
	SiteName   string
	Lines      []Line
	// Earlier is true when older messages were left out.
	Earlier bool
	// Link reopens the conversation in the widget.
	Link string
}

type view struct {
	Email
	T                    texts
	Intro, Footer, Color string
}

// Render writes e in its language: the subject, a text part and an HTML
// part (every value HTML-escaped by html/template).
func Render(e Email) (subject, text, html string, err error) {
	t := words[PickLang(e.Lang)]
	site := func(s string) string { return strings.ReplaceAll(s, "{site}", e.SiteName) }
	e.Lang = PickLang(e.Lang)
	v := view{Email: e, T: t, Footer: site(t.Footer)}
	if e.Transcript {
		subject, v.Intro = site(t.TranscriptSubject), site(t.TranscriptIntro)
	} else {
		subject, v.Intro = site(t.ReplySubject), site(t.ReplyIntro)
	}
	var tb, hb bytes.Buffer
	if err := textTemplate.Execute(&tb, v); err != nil {
		return "", "", "", err
	}
	if err := htmlTemplate.Execute(&hb, v); err != nil {
		return "", "", "", err
	}
	return subject, tb.String(), hb.String(), nil
}

var textTemplate = texttemplate.Must(texttemplate.New("text").Parse(`{{.Intro}}
{{if .Earlier}}
({{.T.Earlier}})
{{end}}{{range .Lines}}
{{.Author}}:
{{.Body}}
{{end}}
{{.T.Continue}}: {{.Link}}

-- 
{{.Footer}}
`))

var htmlTemplate = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.SiteName}}</title></head>
<body style="font-family:system-ui,sans-serif;color:#111;max-width:600px;margin:0 auto;padding:16px">
<p>{{.Intro}}</p>
{{if .Earlier}}<p style="color:#555"><em>{{.T.Earlier}}</em></p>{{end}}
{{range .Lines}}<div style="margin:12px 0;padding:8px 12px;border-radius:8px;background:{{if .New}}#eef2ff{{else}}#f4f4f5{{end}}">
<div style="font-size:13px;color:#555">{{.Author}}</div>
<div style="white-space:pre-wrap">{{.Body}}</div>
</div>
{{end}}<p><a href="{{.Link}}" style="display:inline-block;padding:10px 16px;background:#4f46e5;color:#fff;border-radius:6px;text-decoration:none">{{.T.Continue}}</a></p>
<p style="font-size:12px;color:#666">{{.Footer}}</p>
</body></html>
`))
