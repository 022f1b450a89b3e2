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
	// Attachments (attach.go).
	KeyAttach
	KeyAttachments
	KeyUploading
	KeyRemoveFile
	KeyErrUnsupportedFile
	KeyErrFileTooLarge
	KeyErrTooManyFiles
	KeyErrUploadRateLimited
	KeyErrUploadFailed
	KeyErrWaitUpload
	KeyErrFileExpired
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

		KeyAttach:               "Attach a file",
		KeyAttachments:          "Attachments",
		KeyUploading:            "Uploading…",
		KeyRemoveFile:           "Remove {name}",
		KeyErrUnsupportedFile:   "“{name}” can’t be sent: only images (PNG, JPEG, GIF, WebP) and PDF files are accepted.",
		KeyErrFileTooLarge:      "“{name}” is too large: files are limited to 10 MB.",
		KeyErrTooManyFiles:      "A message can carry up to 5 files.",
		KeyErrUploadRateLimited: "You have sent many files. Please try again later.",
		KeyErrUploadFailed:      "“{name}” could not be uploaded. Please try again.",
		KeyErrWaitUpload:        "Please wait until your files are uploaded.",
		KeyErrFileExpired:       "A file could not be sent. Please attach it again.",
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

		KeyAttach:               "Joindre un fichier",
		KeyAttachments:          "Pièces jointes",
		KeyUploading:            "Envoi du fichier…",
		KeyRemoveFile:           "Retirer {name}",
		KeyErrUnsupportedFile:   "« {name} » ne peut pas être envoyé : seuls les images (PNG, JPEG, GIF, WebP) et les fichiers PDF sont acceptés.",
		KeyErrFileTooLarge:      "« {name} » est trop volumineux : les fichiers sont limités à 10 Mo.",
		KeyErrTooManyFiles:      "Un message peut contenir jusqu’à 5 fichiers.",
		KeyErrUploadRateLimited: "Vous avez envoyé beaucoup de fichiers. Réessayez plus tard.",
		KeyErrUploadFailed:      "« {name} » n’a pas pu être envoyé. Veuillez réessayer.",
		KeyErrWaitUpload:        "Patientez jusqu’à la fin de l’envoi de vos fichiers.",
		KeyErrFileExpired:       "Un fichier n’a pas pu être envoyé. Veuillez le joindre à nouveau.",
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

		KeyAttach:               "Allega un file",
		KeyAttachments:          "Allegati",
		KeyUploading:            "Caricamento del file…",
		KeyRemoveFile:           "Rimuovi {name}",
		KeyErrUnsupportedFile:   "«{name}» non può essere inviato: sono accettati solo immagini (PNG, JPEG, GIF, WebP) e file PDF.",
		KeyErrFileTooLarge:      "«{name}» è troppo grande: i file sono limitati a 10 MB.",
		KeyErrTooManyFiles:      "Un messaggio può contenere fino a 5 file.",
		KeyErrUploadRateLimited: "Hai inviato molti file. Riprova più tardi.",
		KeyErrUploadFailed:      "Impossibile caricare «{name}». Riprova.",
		KeyErrWaitUpload:        "Attendi il termine del caricamento dei file.",
		KeyErrFileExpired:       "Un file non è stato inviato. Allegalo di nuovo.",
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

		KeyAttach:               "Adjuntar un archivo",
		KeyAttachments:          "Archivos adjuntos",
		KeyUploading:            "Subiendo…",
		KeyRemoveFile:           "Quitar {name}",
		KeyErrUnsupportedFile:   "«{name}» no se puede enviar: solo se aceptan imágenes (PNG, JPEG, GIF, WebP) y archivos PDF.",
		KeyErrFileTooLarge:      "«{name}» es demasiado grande: los archivos están limitados a 10 MB.",
		KeyErrTooManyFiles:      "Un mensaje puede llevar hasta 5 archivos.",
		KeyErrUploadRateLimited: "Has enviado muchos archivos. Inténtalo más tarde.",
		KeyErrUploadFailed:      "No se pudo subir «{name}». Inténtalo de nuevo.",
		KeyErrWaitUpload:        "Espera a que terminen de subirse tus archivos.",
		KeyErrFileExpired:       "No se pudo enviar un archivo. Vuelve a adjuntarlo.",
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

		KeyAttach:               "Datei anhängen",
		KeyAttachments:          "Anhänge",
		KeyUploading:            "Wird hochgeladen…",
		KeyRemoveFile:           "{name} entfernen",
		KeyErrUnsupportedFile:   "„{name}“ kann nicht gesendet werden: Nur Bilder (PNG, JPEG, GIF, WebP) und PDF-Dateien sind erlaubt.",
		KeyErrFileTooLarge:      "„{name}“ ist zu groß: Dateien dürfen höchstens 10 MB haben.",
		KeyErrTooManyFiles:      "Eine Nachricht kann bis zu 5 Dateien enthalten.",
		KeyErrUploadRateLimited: "Sie haben viele Dateien gesendet. Bitte versuchen Sie es später erneut.",
		KeyErrUploadFailed:      "„{name}“ konnte nicht hochgeladen werden. Bitte versuchen Sie es erneut.",
		KeyErrWaitUpload:        "Bitte warten Sie, bis Ihre Dateien hochgeladen sind.",
		KeyErrFileExpired:       "Eine Datei konnte nicht gesendet werden. Bitte hängen Sie sie erneut an.",
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
