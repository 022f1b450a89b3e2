package ui

import "strings"

// Key names a piece of shopper-facing text.
type Key int

// Keys of every text the widget shows. Tests check that each one exists in
// every language.
const (
	KeyTitle Key = iota
	KeyGreeting
	KeyMessage
	KeyPlaceholder
	KeySend
	KeyClose
	KeyMessages
	KeyLoading
	KeyConnecting
	KeyOnline
	KeyReconnecting
	KeyOffline
	KeySending
	KeyYou
	KeySupport
	KeyErrRateLimited
	KeyErrTooLong
	KeyErrGeneric
	KeyErrUnavailable
	KeyErrReload
	keyCount
)

// noNotice is the Chat's notice when there is no error to show. It is the
// zero Key so that a fresh component shows none; KeyTitle is never a notice.
const noNotice = KeyTitle

// Languages the widget speaks; the first is the fallback.
var Languages = []string{"en", "fr", "it", "es", "de"}

var texts = map[string][keyCount]string{
	"en": {
		KeyTitle:          "Chat",
		KeyGreeting:       "Hi! How can we help?",
		KeyMessage:        "Message",
		KeyPlaceholder:    "Write a message…",
		KeySend:           "Send",
		KeyClose:          "Close chat",
		KeyMessages:       "Messages",
		KeyLoading:        "Loading…",
		KeyConnecting:     "Connecting…",
		KeyOnline:         "Online",
		KeyReconnecting:   "Reconnecting…",
		KeyOffline:        "Offline",
		KeySending:        "Sending…",
		KeyYou:            "You",
		KeySupport:        "Support",
		KeyErrRateLimited: "You are sending messages too fast. Please wait a moment.",
		KeyErrTooLong:     "This message is too long.",
		KeyErrGeneric:     "Something went wrong. Please try again.",
		KeyErrUnavailable: "Chat is not available right now.",
		KeyErrReload:      "Chat has been updated. Please reload the page.",
	},
	"fr": {
		KeyTitle:          "Discussion",
		KeyGreeting:       "Bonjour ! Comment pouvons-nous vous aider ?",
		KeyMessage:        "Message",
		KeyPlaceholder:    "Écrivez un message…",
		KeySend:           "Envoyer",
		KeyClose:          "Fermer la discussion",
		KeyMessages:       "Messages",
		KeyLoading:        "Chargement…",
		KeyConnecting:     "Connexion…",
		KeyOnline:         "En ligne",
		KeyReconnecting:   "Reconnexion…",
		KeyOffline:        "Hors ligne",
		KeySending:        "Envoi…",
		KeyYou:            "Vous",
		KeySupport:        "Service client",
		KeyErrRateLimited: "Vous envoyez des messages trop vite. Patientez un instant.",
		KeyErrTooLong:     "Ce message est trop long.",
		KeyErrGeneric:     "Une erreur est survenue. Veuillez réessayer.",
		KeyErrUnavailable: "La discussion n’est pas disponible pour le moment.",
		KeyErrReload:      "La discussion a été mise à jour. Veuillez recharger la page.",
	},
	"it": {
		KeyTitle:          "Chat",
		KeyGreeting:       "Ciao! Come possiamo aiutarti?",
		KeyMessage:        "Messaggio",
		KeyPlaceholder:    "Scrivi un messaggio…",
		KeySend:           "Invia",
		KeyClose:          "Chiudi la chat",
		KeyMessages:       "Messaggi",
		KeyLoading:        "Caricamento…",
		KeyConnecting:     "Connessione…",
		KeyOnline:         "Online",
		KeyReconnecting:   "Riconnessione…",
		KeyOffline:        "Offline",
		KeySending:        "Invio…",
		KeyYou:            "Tu",
		KeySupport:        "Assistenza",
		KeyErrRateLimited: "Stai inviando messaggi troppo in fretta. Attendi un momento.",
		KeyErrTooLong:     "Questo messaggio è troppo lungo.",
		KeyErrGeneric:     "Qualcosa è andato storto. Riprova.",
		KeyErrUnavailable: "La chat non è disponibile al momento.",
		KeyErrReload:      "La chat è stata aggiornata. Ricarica la pagina.",
	},
	"es": {
		KeyTitle:          "Chat",
		KeyGreeting:       "¡Hola! ¿En qué podemos ayudarte?",
		KeyMessage:        "Mensaje",
		KeyPlaceholder:    "Escribe un mensaje…",
		KeySend:           "Enviar",
		KeyClose:          "Cerrar el chat",
		KeyMessages:       "Mensajes",
		KeyLoading:        "Cargando…",
		KeyConnecting:     "Conectando…",
		KeyOnline:         "En línea",
		KeyReconnecting:   "Reconectando…",
		KeyOffline:        "Sin conexión",
		KeySending:        "Enviando…",
		KeyYou:            "Tú",
		KeySupport:        "Atención al cliente",
		KeyErrRateLimited: "Estás enviando mensajes demasiado rápido. Espera un momento.",
		KeyErrTooLong:     "Este mensaje es demasiado largo.",
		KeyErrGeneric:     "Algo salió mal. Inténtalo de nuevo.",
		KeyErrUnavailable: "El chat no está disponible en este momento.",
		KeyErrReload:      "El chat se ha actualizado. Vuelve a cargar la página.",
	},
	"de": {
		KeyTitle:          "Chat",
		KeyGreeting:       "Hallo! Wie können wir helfen?",
		KeyMessage:        "Nachricht",
		KeyPlaceholder:    "Nachricht schreiben…",
		KeySend:           "Senden",
		KeyClose:          "Chat schließen",
		KeyMessages:       "Nachrichten",
		KeyLoading:        "Wird geladen…",
		KeyConnecting:     "Verbinde…",
		KeyOnline:         "Online",
		KeyReconnecting:   "Verbindung wird wiederhergestellt…",
		KeyOffline:        "Offline",
		KeySending:        "Wird gesendet…",
		KeyYou:            "Sie",
		KeySupport:        "Kundenservice",
		KeyErrRateLimited: "Sie senden zu schnell Nachrichten. Bitte warten Sie einen Moment.",
		KeyErrTooLong:     "Diese Nachricht ist zu lang.",
		KeyErrGeneric:     "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
		KeyErrUnavailable: "Der Chat ist gerade nicht verfügbar.",
		KeyErrReload:      "Der Chat wurde aktualisiert. Bitte laden Sie die Seite neu.",
	},
}

// T returns the text for k in lang, falling back to English.
func T(lang string, k Key) string {
	if t, ok := texts[lang]; ok && t[k] != "" {
		return t[k]
	}
	return texts["en"][k]
}

// PickLang returns the first supported language among candidates, which are
// BCP 47 tags in order of preference ("fr-CA" counts as "fr"), or English.
func PickLang(candidates ...string) string {
	for _, c := range candidates {
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(c)), "-")
		base, _, _ = strings.Cut(base, "_")
		if _, ok := texts[base]; ok {
			return base
		}
	}
	return Languages[0]
}
