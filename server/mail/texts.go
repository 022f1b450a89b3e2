package mail

import "strings"

// Languages emails are written in; the first is the fallback. The same
// five as the widget.
var Languages = []string{"en", "fr", "de", "es", "it"}

// PickLang returns the first supported language among candidates such as
// a page's "fr-FR".
func PickLang(candidates ...string) string {
	for _, c := range candidates {
		c = strings.ToLower(strings.TrimSpace(c))
		if i := strings.IndexAny(c, "-_"); i > 0 {
			c = c[:i]
		}
		for _, l := range Languages {
			if c == l {
				return l
			}
		}
	}
	return Languages[0]
}

// texts are the words of the emails; {site} is the shop's name.
type texts struct {
	ReplySubject      string
	ReplyIntro        string
	TranscriptSubject string
	TranscriptIntro   string
	Continue          string
	You               string
	Earlier           string
	Footer            string
}

var words = map[string]texts{
	"en": {
		ReplySubject:      "{site} answered your message",
		ReplyIntro:        "{site} answered you after you left the chat:",
		TranscriptSubject: "Your conversation with {site}",
		TranscriptIntro:   "Here is your conversation with {site}, as you asked.",
		Continue:          "Continue the conversation",
		You:               "You",
		Earlier:           "Earlier messages are in the conversation.",
		Footer:            "You get this email because you gave this address in the chat of {site}. Replying to it does not reach the team: use the link above.",
	},
	"fr": {
		ReplySubject:      "{site} a répondu à votre message",
		ReplyIntro:        "{site} vous a répondu après votre départ du chat :",
		TranscriptSubject: "Votre conversation avec {site}",
		TranscriptIntro:   "Voici votre conversation avec {site}, comme vous l’avez demandé.",
		Continue:          "Reprendre la conversation",
		You:               "Vous",
		Earlier:           "Les messages précédents sont dans la conversation.",
		Footer:            "Vous recevez cet email car vous avez donné cette adresse dans le chat de {site}. Y répondre ne joint pas l’équipe : utilisez le lien ci-dessus.",
	},
	"de": {
		ReplySubject:      "{site} hat auf Ihre Nachricht geantwortet",
		ReplyIntro:        "{site} hat Ihnen geantwortet, nachdem Sie den Chat verlassen haben:",
		TranscriptSubject: "Ihr Gespräch mit {site}",
		TranscriptIntro:   "Hier ist Ihr Gespräch mit {site}, wie gewünscht.",
		Continue:          "Gespräch fortsetzen",
		You:               "Sie",
		Earlier:           "Frühere Nachrichten finden Sie im Gespräch.",
		Footer:            "Sie erhalten diese E-Mail, weil Sie diese Adresse im Chat von {site} angegeben haben. Eine Antwort darauf erreicht das Team nicht: Nutzen Sie den Link oben.",
	},
	"es": {
		ReplySubject:      "{site} ha respondido a tu mensaje",
		ReplyIntro:        "{site} te ha respondido después de que salieras del chat:",
		TranscriptSubject: "Tu conversación con {site}",
		TranscriptIntro:   "Aquí tienes tu conversación con {site}, como pediste.",
		Continue:          "Continuar la conversación",
		You:               "Tú",
		Earlier:           "Los mensajes anteriores están en la conversación.",
		Footer:            "Recibes este correo porque diste esta dirección en el chat de {site}. Responder a este correo no llega al equipo: usa el enlace de arriba.",
	},
	"it": {
		ReplySubject:      "{site} ha risposto al tuo messaggio",
		ReplyIntro:        "{site} ti ha risposto dopo che hai lasciato la chat:",
		TranscriptSubject: "La tua conversazione con {site}",
		TranscriptIntro:   "Ecco la tua conversazione con {site}, come richiesto.",
		Continue:          "Continua la conversazione",
		You:               "Tu",
		Earlier:           "I messaggi precedenti sono nella conversazione.",
		Footer:            "Ricevi questa email perché hai indicato questo indirizzo nella chat di {site}. Rispondere a questa email non raggiunge il team: usa il link qui sopra.",
	},
}

// linkExpired is the page of a link that no longer opens its conversation.
var linkExpired = map[string]string{
	"en": "This link has expired or is not valid. Open the chat on the shop's website to write to the team again.",
	"fr": "Ce lien a expiré ou n’est pas valide. Ouvrez le chat sur le site de la boutique pour écrire de nouveau à l’équipe.",
	"de": "Dieser Link ist abgelaufen oder ungültig. Öffnen Sie den Chat auf der Website des Shops, um dem Team erneut zu schreiben.",
	"es": "Este enlace ha caducado o no es válido. Abre el chat en la web de la tienda para volver a escribir al equipo.",
	"it": "Questo link è scaduto o non è valido. Apri la chat sul sito del negozio per scrivere di nuovo al team.",
}

// LinkExpired is that page's text in lang.
func LinkExpired(lang string) string { return linkExpired[PickLang(lang)] }
