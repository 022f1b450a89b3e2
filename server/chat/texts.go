package chat

import (
	"strings"

	"github.com/comptoir/comptoir/server/store"
)

// System messages the server writes into conversations, in the shopper's
// language. A site's admins may replace the acknowledgement per language
// (Site.AutoAck); the thank-you is Comptoir's own.

// textLangs are the languages Comptoir speaks; the first is the fallback.
var textLangs = []string{"en", "fr", "de", "es", "it"}

var ackTexts = map[string]string{
	"en": "Thanks for your message! We have received it and will answer here as soon as we can.",
	"fr": "Merci pour votre message ! Nous l'avons bien reçu et vous répondrons ici dès que possible.",
	"de": "Danke für Ihre Nachricht! Wir haben sie erhalten und antworten Ihnen hier so bald wie möglich.",
	"es": "¡Gracias por su mensaje! Lo hemos recibido y le responderemos aquí lo antes posible.",
	"it": "Grazie per il tuo messaggio! L'abbiamo ricevuto e ti risponderemo qui il prima possibile.",
}

var thankYouTexts = map[string]string{
	"en": "Glad we could help! This conversation is now closed; write to us again any time.",
	"fr": "Ravis d'avoir pu vous aider ! Cette conversation est close ; écrivez-nous quand vous voulez.",
	"de": "Schön, dass wir helfen konnten! Diese Unterhaltung ist abgeschlossen; schreiben Sie uns jederzeit wieder.",
	"es": "¡Nos alegra haberle ayudado! Esta conversación está cerrada; escríbanos cuando quiera.",
	"it": "Siamo felici di averti aiutato! Questa conversazione è chiusa; scrivici quando vuoi.",
}

// DefaultAckText is the built-in acknowledgement in lang (en, fr, de, es,
// it; anything else: English).
func DefaultAckText(lang string) string { return defaultText(ackTexts, lang) }

func defaultText(texts map[string]string, lang string) string {
	if t, ok := texts[lang]; ok {
		return t
	}
	return texts[textLangs[0]]
}

// visitorLang is the language to write to a shopper in: the newest page's
// language when Comptoir speaks it, else the site's first language it
// speaks, else English.
func visitorLang(site store.Site, v store.Visitor) string {
	var tries []string
	for i := len(v.Pages) - 1; i >= 0; i-- {
		if v.Pages[i].Lang != "" {
			tries = append(tries, v.Pages[i].Lang)
			break
		}
	}
	tries = append(tries, site.Languages...)
	for _, l := range tries {
		l = strings.ToLower(l)
		if i := strings.IndexAny(l, "-_"); i > 0 {
			l = l[:i]
		}
		if _, ok := ackTexts[l]; ok {
			return l
		}
	}
	return textLangs[0]
}

// acknowledgement is the system message a new conversation of v gets, ""
// unless the site turned it on (off by default: a site that never asked
// for one does not suddenly get it). The store writes it only if the message
// starts a conversation (never on later messages, nor when a shopper
// reopens one), so it can never land in the middle of an agent's answer.
func acknowledgement(site store.Site, v store.Visitor) string {
	if !site.AutoAck.On {
		return ""
	}
	lang := visitorLang(site, v)
	if t := strings.TrimSpace(site.AutoAck.Texts[lang]); t != "" {
		return t
	}
	return defaultText(ackTexts, lang)
}
