package ui

import "strings"

// offKey names a text of office hours and email (offline.go), kept apart
// from i18n.go's table so that features can be added side by side.
type offKey int

const (
	offNone offKey = iota
	offAway
	offAwayBack
	offEmailLabel
	offEmailHint
	offSave
	offEmailSaved
	offErrEmail
	offTranscript
	offTranscriptLabel
	offSend
	offCancel
	offTranscriptSent
	offErrMail
	offCount
)

var offTexts = map[string][offCount]string{
	"en": {
		offAway:            "We’re away right now. Leave a message: it will be waiting for us.",
		offAwayBack:        "We’re away — back {day} at {time}. Leave a message: it will be waiting for us.",
		offEmailLabel:      "Your email",
		offEmailHint:       "So that our answer reaches you if you have left.",
		offSave:            "Save",
		offEmailSaved:      "Thanks! If you have left, we’ll answer at {email}.",
		offErrEmail:        "Please enter a valid email address, like name@example.com.",
		offTranscript:      "Email me this conversation",
		offTranscriptLabel: "Send this conversation to",
		offSend:            "Send",
		offCancel:          "Cancel",
		offTranscriptSent:  "This conversation is on its way to {email}.",
		offErrMail:         "Email can’t be sent right now. Please try again later.",
	},
	"fr": {
		offAway:            "Nous sommes absents pour le moment. Laissez un message : il nous attendra.",
		offAwayBack:        "Nous sommes absents — de retour {day} à {time}. Laissez un message : il nous attendra.",
		offEmailLabel:      "Votre email",
		offEmailHint:       "Pour que notre réponse vous parvienne si vous êtes parti.",
		offSave:            "Enregistrer",
		offEmailSaved:      "Merci ! Si vous êtes parti, nous répondrons à {email}.",
		offErrEmail:        "Saisissez une adresse email valide, comme nom@exemple.fr.",
		offTranscript:      "M’envoyer cette conversation par email",
		offTranscriptLabel: "Envoyer cette conversation à",
		offSend:            "Envoyer",
		offCancel:          "Annuler",
		offTranscriptSent:  "Cette conversation part vers {email}.",
		offErrMail:         "L’email ne peut pas être envoyé pour le moment. Réessayez plus tard.",
	},
	"de": {
		offAway:            "Wir sind gerade nicht da. Hinterlassen Sie eine Nachricht – sie wartet auf uns.",
		offAwayBack:        "Wir sind nicht da – zurück {day} um {time}. Hinterlassen Sie eine Nachricht – sie wartet auf uns.",
		offEmailLabel:      "Ihre E-Mail-Adresse",
		offEmailHint:       "Damit unsere Antwort Sie erreicht, falls Sie nicht mehr da sind.",
		offSave:            "Speichern",
		offEmailSaved:      "Danke! Falls Sie nicht mehr da sind, antworten wir an {email}.",
		offErrEmail:        "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.",
		offTranscript:      "Dieses Gespräch per E-Mail senden",
		offTranscriptLabel: "Gespräch senden an",
		offSend:            "Senden",
		offCancel:          "Abbrechen",
		offTranscriptSent:  "Das Gespräch ist unterwegs an {email}.",
		offErrMail:         "E-Mails können gerade nicht gesendet werden. Bitte später erneut versuchen.",
	},
	"es": {
		offAway:            "Ahora no estamos. Deja un mensaje: lo veremos al volver.",
		offAwayBack:        "Ahora no estamos. Volvemos {day} a las {time}. Deja un mensaje: lo veremos al volver.",
		offEmailLabel:      "Tu email",
		offEmailHint:       "Para que nuestra respuesta te llegue si ya no estás.",
		offSave:            "Guardar",
		offEmailSaved:      "¡Gracias! Si ya no estás, responderemos a {email}.",
		offErrEmail:        "Escribe un email válido, como nombre@ejemplo.es.",
		offTranscript:      "Enviarme esta conversación por email",
		offTranscriptLabel: "Enviar esta conversación a",
		offSend:            "Enviar",
		offCancel:          "Cancelar",
		offTranscriptSent:  "Esta conversación va de camino a {email}.",
		offErrMail:         "Ahora no se puede enviar el email. Inténtalo más tarde.",
	},
	"it": {
		offAway:            "Al momento non ci siamo. Lascia un messaggio: lo troveremo al rientro.",
		offAwayBack:        "Al momento non ci siamo — torniamo {day} alle {time}. Lascia un messaggio: lo troveremo al rientro.",
		offEmailLabel:      "La tua email",
		offEmailHint:       "Così la nostra risposta ti raggiunge se sei andato via.",
		offSave:            "Salva",
		offEmailSaved:      "Grazie! Se sei andato via, risponderemo a {email}.",
		offErrEmail:        "Inserisci un indirizzo email valido, come nome@esempio.it.",
		offTranscript:      "Inviami questa conversazione per email",
		offTranscriptLabel: "Invia questa conversazione a",
		offSend:            "Invia",
		offCancel:          "Annulla",
		offTranscriptSent:  "Questa conversazione sta arrivando a {email}.",
		offErrMail:         "Al momento l’email non può essere inviata. Riprova più tardi.",
	},
}

// TOff returns an office-hours text in lang with {name} placeholders
// filled from pairs ("{day}", "lundi", …), falling back to English.
func TOff(lang string, k offKey, pairs ...string) string {
	s := offTexts[lang][k]
	if s == "" {
		s = offTexts["en"][k]
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s
}
