package ui

import (
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The pre-chat form (docs/routing.md): when the site turns it on, a
// shopper without a conversation gives a name, an email and, when the site
// lists topics, a topic before writing. The name and email go to the
// server as a contact update; the topic goes with the first message and
// may route the conversation to a team.

// preChatState is the form's state in the Chat.
type preChatState struct {
	done  bool   // submitted: the composer shows
	topic string // sent with the first message
	err   int    // which field is wrong (preChat* below), 0: none
}

// The form's texts, by language: title, name, email, topic, choose a
// topic, start, and the three errors.
const (
	pcTitle = iota
	pcName
	pcEmail
	pcTopic
	pcChoose
	pcStart
	pcErrName
	pcErrEmail
	pcErrTopic
	pcCount
)

var preChatTexts = map[string][pcCount]string{
	"en": {"Before we start", "Your name", "Your email", "Topic", "Choose a topic", "Start the chat",
		"Please enter your name.", "Please enter a valid email address, like name@example.com.", "Please choose a topic."},
	"fr": {"Avant de commencer", "Votre nom", "Votre e-mail", "Sujet", "Choisissez un sujet", "Commencer la discussion",
		"Veuillez saisir votre nom.", "Veuillez saisir une adresse e-mail valide, comme nom@exemple.fr.", "Veuillez choisir un sujet."},
	"de": {"Bevor es losgeht", "Ihr Name", "Ihre E-Mail-Adresse", "Thema", "Thema wählen", "Chat beginnen",
		"Bitte geben Sie Ihren Namen ein.", "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.", "Bitte wählen Sie ein Thema."},
	"es": {"Antes de empezar", "Su nombre", "Su email", "Tema", "Elija un tema", "Empezar el chat",
		"Escriba su nombre.", "Escriba un email válido, como nombre@ejemplo.es.", "Elija un tema."},
	"it": {"Prima di iniziare", "Il tuo nome", "La tua email", "Argomento", "Scegli un argomento", "Inizia la chat",
		"Inserisci il tuo nome.", "Inserisci un indirizzo email valido, come nome@esempio.it.", "Scegli un argomento."},
}

func pcText(lang string, k int) string {
	if t, ok := preChatTexts[lang]; ok {
		return t[k]
	}
	return preChatTexts["en"][k]
}

// showPreChat says whether the form stands in for the composer.
func (c *Chat) showPreChat() bool {
	return c.settings.PreChat != nil && !c.pre.done && c.conv == "" && len(c.outbox) == 0
}

// ValidEmail is a light check of an email address: one @, something
// before it, a dot in the domain, no spaces. The shop's own systems do
// the real check by writing to it.
func ValidEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || strings.ContainsAny(s, " \t\r\n") || len(s) > 254 {
		return false
	}
	dot := strings.LastIndexByte(s[at:], '.')
	return dot > 1 && dot < len(s[at:])-1
}

// renderPreChat draws the form: labelled fields, errors tied to their
// field and announced, Enter submits.
func (c *Chat) renderPreChat() app.UI {
	topics := c.settings.PreChat.Topics
	field := func(id string, label, errKey int, input app.HTMLInput) app.UI {
		bad := c.pre.err == errKey
		if bad {
			input = input.Aria("invalid", "true").Aria("describedby", id+"-err")
		}
		return app.Div().Class("cpt-field").Body(
			app.Elem("label").Attr("for", id).Text(pcText(c.lang, label)),
			input.ID(id).Required(true),
			app.If(bad, func() app.UI {
				return app.P().ID(id + "-err").Class("cpt-field-err").Text(pcText(c.lang, errKey))
			}),
		)
	}
	var topic app.UI
	if len(topics) > 0 {
		opts := []app.UI{app.Elem("option").Attr("value", "").Text(pcText(c.lang, pcChoose))}
		for _, t := range topics {
			opts = append(opts, app.Elem("option").Attr("value", t).Text(t))
		}
		sel := app.Elem("select").ID("cpt-pc-topic").Attr("required", true).Body(opts...)
		if c.pre.err == pcErrTopic {
			sel = sel.Aria("invalid", "true").Aria("describedby", "cpt-pc-topic-err")
		}
		topic = app.Div().Class("cpt-field").Body(
			app.Elem("label").Attr("for", "cpt-pc-topic").Text(pcText(c.lang, pcTopic)),
			sel,
			app.If(c.pre.err == pcErrTopic, func() app.UI {
				return app.P().ID("cpt-pc-topic-err").Class("cpt-field-err").Text(pcText(c.lang, pcErrTopic))
			}),
		)
	}
	ct := c.sess.getContact()
	name, email := "", ""
	if ct != nil {
		name, email = ct.Name, ct.Email
	}
	return app.Form().ID("cpt-prechat").Class("cpt-prechat").NoValidate(true).
		Aria("labelledby", "cpt-pc-title").
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			c.submitPreChat(ctx)
		}).
		Body(
			app.Elem("h2").ID("cpt-pc-title").Class("cpt-pc-title").Text(pcText(c.lang, pcTitle)),
			field("cpt-pc-name", pcName, pcErrName, app.Input().Type("text").Attr("autocomplete", "name").MaxLength(200).Value(name)),
			field("cpt-pc-email", pcEmail, pcErrEmail, app.Input().Type("email").Attr("autocomplete", "email").MaxLength(254).Value(email)),
			topic,
			app.Button().Type("submit").Class("cpt-pc-start").Text(pcText(c.lang, pcStart)),
		)
}

// submitPreChat checks the form, sends the contact, keeps the topic for
// the first message and shows the composer; a wrong field gets the focus.
func (c *Chat) submitPreChat(ctx app.Context) {
	value := func(id string) string {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			return strings.TrimSpace(el.Get("value").String())
		}
		return ""
	}
	name, email, topic := value("cpt-pc-name"), value("cpt-pc-email"), value("cpt-pc-topic")
	c.pre.err = 0
	switch {
	case name == "":
		c.pre.err = pcErrName
	case !ValidEmail(email):
		c.pre.err = pcErrEmail
	case len(c.settings.PreChat.Topics) > 0 && topic == "":
		c.pre.err = pcErrTopic
	}
	if c.pre.err != 0 {
		id := "cpt-pc-topic"
		switch c.pre.err {
		case pcErrName:
			id = "cpt-pc-name"
		case pcErrEmail:
			id = "cpt-pc-email"
		}
		ctx.Defer(func(app.Context) { focusID(id) })
		return
	}
	ct := wire.ContactUpdate{Name: name, Email: email}
	if old := c.sess.getContact(); old != nil {
		ct.Attributes = old.Attributes
	}
	c.sess.setContact(&ct)
	c.sendContact()
	c.pre.done, c.pre.topic = true, topic
	ctx.Defer(func(app.Context) { focusComposer() })
}

func focusID(id string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// renderComposerOrPreChat is the panel's bottom: the form until it is
// filled in, then the composer.
func (c *Chat) renderComposerOrPreChat() app.UI {
	if c.showPreChat() {
		return c.renderPreChat()
	}
	return c.renderComposer()
}
