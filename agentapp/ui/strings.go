package ui

import (
	"fmt"
	"strings"
)

// Key names one piece of UI text. The English text lives in the catalogue
// under the same key, so a missing translation falls back to English.
type Key string

// Keys of the UI text. Values are for readability only; lookups go through
// the catalogue.
const (
	KAppName             Key = "app.name"
	KSignInTitle         Key = "login.title"
	KEmail               Key = "login.email"
	KPassword            Key = "login.password"
	KSignIn              Key = "login.submit"
	KSigningIn           Key = "login.pending"
	KSignOut             Key = "header.signout"
	KLoading             Key = "app.loading"
	KConversations       Key = "inbox.title"
	KFilterOpen          Key = "inbox.filter.open"
	KFilterResolved      Key = "inbox.filter.resolved"
	KEmptyInbox          Key = "inbox.empty"
	KEmptyResolved       Key = "inbox.empty.resolved"
	KEmptyOpen           Key = "inbox.empty.open"
	KVisitorN            Key = "visitor.n"
	KVerified            Key = "visitor.verified"
	KUnverified          Key = "visitor.unverified"
	KConnecting          Key = "conn.connecting"
	KReconnecting        Key = "conn.reconnecting"
	KConnStopped         Key = "conn.stopped"
	KRetryNow            Key = "conn.retry"
	KEnableNotifications Key = "notify.enable"
	KNotificationsOn     Key = "notify.on"
	KNotificationsOff    Key = "notify.blocked"
	KNewMessageFrom      Key = "notify.title"
	KReply               Key = "reply.label"
	KReplyHint           Key = "reply.hint"
	KSend                Key = "reply.send"
	KSending             Key = "reply.sending"
	KNotSent             Key = "reply.failed"
	KRetry               Key = "reply.retry"
	KResolve             Key = "conv.resolve"
	KReopen              Key = "conv.reopen"
	KStatusOpen          Key = "status.open"
	KStatusPending       Key = "status.pending"
	KStatusResolved      Key = "status.resolved"
	KBack                Key = "conv.back"
	KProduct             Key = "context.product"
	KSKU                 Key = "context.sku"
	KViewProduct         Key = "context.viewproduct"
	KPagesSeen           Key = "context.pages"
	KVisitor             Key = "context.visitor"
	KNoMessages          Key = "conv.nomessages"
	KLoadingMessages     Key = "conv.loading"
	KSelectConversation  Key = "conv.select"
	KUnread              Key = "inbox.unread"
	KYou                 Key = "msg.you"
	KNow                 Key = "time.now"
	KMinutes             Key = "time.minutes"
	KHours               Key = "time.hours"
	KDays                Key = "time.days"
	KNetworkError        Key = "error.network"
	KSessionEnded        Key = "error.session"
	KContext             Key = "context.title"
	KUpdateReady         Key = "app.update"
	KReload              Key = "app.reload"
)

// catalogue holds the UI text per language. English is complete by
// definition; the test checks the others are too, with the same verbs.
var catalogue = map[string]map[Key]string{
	"en": {
		KAppName:             "Comptoir",
		KSignInTitle:         "Sign in to Comptoir",
		KEmail:               "Email",
		KPassword:            "Password",
		KSignIn:              "Sign in",
		KSigningIn:           "Signing in…",
		KSignOut:             "Sign out",
		KLoading:             "Loading…",
		KConversations:       "Conversations",
		KFilterOpen:          "Open",
		KFilterResolved:      "Resolved",
		KEmptyInbox:          "No conversations yet — open /demo in another window to try it",
		KEmptyResolved:       "No resolved conversations.",
		KEmptyOpen:           "No open conversations. All caught up.",
		KVisitorN:            "Visitor #%s",
		KConnecting:          "Connecting…",
		KReconnecting:        "Reconnecting…",
		KConnStopped:         "Disconnected from the server.",
		KRetryNow:            "Retry now",
		KEnableNotifications: "Enable notifications",
		KNotificationsOn:     "Notifications on",
		KNotificationsOff:    "Notifications blocked",
		KNewMessageFrom:      "New message from %s",
		KReply:               "Reply",
		KReplyHint:           "Enter to send, Shift+Enter for a new line",
		KSend:                "Send",
		KSending:             "Sending…",
		KNotSent:             "Not sent: %s",
		KRetry:               "Retry",
		KResolve:             "Resolve",
		KReopen:              "Reopen",
		KStatusOpen:          "Open",
		KStatusPending:       "Pending",
		KStatusResolved:      "Resolved",
		KBack:                "Back to conversations",
		KProduct:             "Product",
		KSKU:                 "SKU",
		KViewProduct:         "View product",
		KPagesSeen:           "Pages seen",
		KVisitor:             "Visitor",
		KVerified:            "Verified by the shop",
		KUnverified:          "Not verified (name and email as typed)",
		KNoMessages:          "No messages yet.",
		KLoadingMessages:     "Loading messages…",
		KSelectConversation:  "Select a conversation to read it.",
		KUnread:              "%d unread",
		KYou:                 "You",
		KNow:                 "now",
		KMinutes:             "%d min",
		KHours:               "%d h",
		KDays:                "%d d",
		KNetworkError:        "Cannot reach the server. Check your connection.",
		KSessionEnded:        "Your session ended. Please sign in again.",
		KContext:             "Context",
		KUpdateReady:         "A new version of Comptoir is ready.",
		KReload:              "Reload",
	},
	"fr": {
		KAppName:             "Comptoir",
		KSignInTitle:         "Connexion à Comptoir",
		KEmail:               "E-mail",
		KPassword:            "Mot de passe",
		KSignIn:              "Se connecter",
		KSigningIn:           "Connexion…",
		KSignOut:             "Se déconnecter",
		KLoading:             "Chargement…",
		KConversations:       "Conversations",
		KFilterOpen:          "Ouvertes",
		KFilterResolved:      "Résolues",
		KEmptyInbox:          "Aucune conversation pour l’instant — ouvrez /demo dans une autre fenêtre pour essayer",
		KEmptyResolved:       "Aucune conversation résolue.",
		KEmptyOpen:           "Aucune conversation ouverte. Tout est à jour.",
		KVisitorN:            "Visiteur n°%s",
		KConnecting:          "Connexion…",
		KReconnecting:        "Reconnexion…",
		KConnStopped:         "Déconnecté du serveur.",
		KRetryNow:            "Réessayer",
		KEnableNotifications: "Activer les notifications",
		KNotificationsOn:     "Notifications activées",
		KNotificationsOff:    "Notifications bloquées",
		KNewMessageFrom:      "Nouveau message de %s",
		KReply:               "Réponse",
		KReplyHint:           "Entrée pour envoyer, Maj+Entrée pour aller à la ligne",
		KSend:                "Envoyer",
		KSending:             "Envoi…",
		KNotSent:             "Non envoyé : %s",
		KRetry:               "Réessayer",
		KResolve:             "Résoudre",
		KReopen:              "Rouvrir",
		KStatusOpen:          "Ouverte",
		KStatusPending:       "En attente",
		KStatusResolved:      "Résolue",
		KBack:                "Retour aux conversations",
		KProduct:             "Produit",
		KSKU:                 "Réf.",
		KViewProduct:         "Voir le produit",
		KPagesSeen:           "Pages vues",
		KVisitor:             "Visiteur",
		KVerified:            "Vérifié par la boutique",
		KUnverified:          "Non vérifié (nom et e-mail saisis)",
		KNoMessages:          "Pas encore de message.",
		KLoadingMessages:     "Chargement des messages…",
		KSelectConversation:  "Choisissez une conversation pour la lire.",
		KUnread:              "%d non lus",
		KYou:                 "Vous",
		KNow:                 "maintenant",
		KMinutes:             "%d min",
		KHours:               "%d h",
		KDays:                "%d j",
		KNetworkError:        "Serveur injoignable. Vérifiez votre connexion.",
		KSessionEnded:        "Votre session a pris fin. Reconnectez-vous.",
		KContext:             "Contexte",
		KUpdateReady:         "Une nouvelle version de Comptoir est prête.",
		KReload:              "Recharger",
	},
	"it": {
		KAppName:             "Comptoir",
		KSignInTitle:         "Accedi a Comptoir",
		KEmail:               "Email",
		KPassword:            "Password",
		KSignIn:              "Accedi",
		KSigningIn:           "Accesso in corso…",
		KSignOut:             "Esci",
		KLoading:             "Caricamento…",
		KConversations:       "Conversazioni",
		KFilterOpen:          "Aperte",
		KFilterResolved:      "Risolte",
		KEmptyInbox:          "Ancora nessuna conversazione — apri /demo in un’altra finestra per provare",
		KEmptyResolved:       "Nessuna conversazione risolta.",
		KEmptyOpen:           "Nessuna conversazione aperta. Tutto in ordine.",
		KVisitorN:            "Visitatore #%s",
		KConnecting:          "Connessione…",
		KReconnecting:        "Riconnessione…",
		KConnStopped:         "Disconnesso dal server.",
		KRetryNow:            "Riprova ora",
		KEnableNotifications: "Attiva le notifiche",
		KNotificationsOn:     "Notifiche attive",
		KNotificationsOff:    "Notifiche bloccate",
		KNewMessageFrom:      "Nuovo messaggio da %s",
		KReply:               "Risposta",
		KReplyHint:           "Invio per inviare, Maiusc+Invio per andare a capo",
		KSend:                "Invia",
		KSending:             "Invio…",
		KNotSent:             "Non inviato: %s",
		KRetry:               "Riprova",
		KResolve:             "Risolvi",
		KReopen:              "Riapri",
		KStatusOpen:          "Aperta",
		KStatusPending:       "In attesa",
		KStatusResolved:      "Risolta",
		KBack:                "Torna alle conversazioni",
		KProduct:             "Prodotto",
		KSKU:                 "Codice",
		KViewProduct:         "Vedi il prodotto",
		KPagesSeen:           "Pagine viste",
		KVisitor:             "Visitatore",
		KVerified:            "Verificato dal negozio",
		KUnverified:          "Non verificato (nome ed e-mail digitati)",
		KNoMessages:          "Ancora nessun messaggio.",
		KLoadingMessages:     "Caricamento dei messaggi…",
		KSelectConversation:  "Scegli una conversazione da leggere.",
		KUnread:              "%d non letti",
		KYou:                 "Tu",
		KNow:                 "ora",
		KMinutes:             "%d min",
		KHours:               "%d h",
		KDays:                "%d g",
		KNetworkError:        "Server non raggiungibile. Controlla la connessione.",
		KSessionEnded:        "La sessione è terminata. Accedi di nuovo.",
		KContext:             "Contesto",
		KUpdateReady:         "È pronta una nuova versione di Comptoir.",
		KReload:              "Ricarica",
	},
	"es": {
		KAppName:             "Comptoir",
		KSignInTitle:         "Inicia sesión en Comptoir",
		KEmail:               "Correo electrónico",
		KPassword:            "Contraseña",
		KSignIn:              "Iniciar sesión",
		KSigningIn:           "Iniciando sesión…",
		KSignOut:             "Cerrar sesión",
		KLoading:             "Cargando…",
		KConversations:       "Conversaciones",
		KFilterOpen:          "Abiertas",
		KFilterResolved:      "Resueltas",
		KEmptyInbox:          "Aún no hay conversaciones — abre /demo en otra ventana para probar",
		KEmptyResolved:       "No hay conversaciones resueltas.",
		KEmptyOpen:           "No hay conversaciones abiertas. Todo al día.",
		KVisitorN:            "Visitante n.º %s",
		KConnecting:          "Conectando…",
		KReconnecting:        "Reconectando…",
		KConnStopped:         "Desconectado del servidor.",
		KRetryNow:            "Reintentar ahora",
		KEnableNotifications: "Activar notificaciones",
		KNotificationsOn:     "Notificaciones activadas",
		KNotificationsOff:    "Notificaciones bloqueadas",
		KNewMessageFrom:      "Nuevo mensaje de %s",
		KReply:               "Respuesta",
		KReplyHint:           "Intro para enviar, Mayús+Intro para una nueva línea",
		KSend:                "Enviar",
		KSending:             "Enviando…",
		KNotSent:             "No enviado: %s",
		KRetry:               "Reintentar",
		KResolve:             "Resolver",
		KReopen:              "Reabrir",
		KStatusOpen:          "Abierta",
		KStatusPending:       "Pendiente",
		KStatusResolved:      "Resuelta",
		KBack:                "Volver a las conversaciones",
		KProduct:             "Producto",
		KSKU:                 "Ref.",
		KViewProduct:         "Ver el producto",
		KPagesSeen:           "Páginas vistas",
		KVisitor:             "Visitante",
		KVerified:            "Verificado por la tienda",
		KUnverified:          "No verificado (nombre y correo escritos)",
		KNoMessages:          "Aún no hay mensajes.",
		KLoadingMessages:     "Cargando mensajes…",
		KSelectConversation:  "Elige una conversación para leerla.",
		KUnread:              "%d sin leer",
		KYou:                 "Tú",
		KNow:                 "ahora",
		KMinutes:             "%d min",
		KHours:               "%d h",
		KDays:                "%d d",
		KNetworkError:        "No se puede contactar con el servidor. Revisa tu conexión.",
		KSessionEnded:        "Tu sesión ha terminado. Vuelve a iniciar sesión.",
		KContext:             "Contexto",
		KUpdateReady:         "Hay una nueva versión de Comptoir lista.",
		KReload:              "Recargar",
	},
	"de": {
		KAppName:             "Comptoir",
		KSignInTitle:         "Bei Comptoir anmelden",
		KEmail:               "E-Mail",
		KPassword:            "Passwort",
		KSignIn:              "Anmelden",
		KSigningIn:           "Anmeldung läuft…",
		KSignOut:             "Abmelden",
		KLoading:             "Wird geladen…",
		KConversations:       "Unterhaltungen",
		KFilterOpen:          "Offen",
		KFilterResolved:      "Erledigt",
		KEmptyInbox:          "Noch keine Unterhaltungen — öffne /demo in einem anderen Fenster, um es auszuprobieren",
		KEmptyResolved:       "Keine erledigten Unterhaltungen.",
		KEmptyOpen:           "Keine offenen Unterhaltungen. Alles erledigt.",
		KVisitorN:            "Besucher #%s",
		KConnecting:          "Verbindung wird aufgebaut…",
		KReconnecting:        "Verbindung wird wiederhergestellt…",
		KConnStopped:         "Vom Server getrennt.",
		KRetryNow:            "Jetzt erneut versuchen",
		KEnableNotifications: "Benachrichtigungen aktivieren",
		KNotificationsOn:     "Benachrichtigungen an",
		KNotificationsOff:    "Benachrichtigungen blockiert",
		KNewMessageFrom:      "Neue Nachricht von %s",
		KReply:               "Antwort",
		KReplyHint:           "Eingabe zum Senden, Umschalt+Eingabe für eine neue Zeile",
		KSend:                "Senden",
		KSending:             "Wird gesendet…",
		KNotSent:             "Nicht gesendet: %s",
		KRetry:               "Erneut versuchen",
		KResolve:             "Erledigen",
		KReopen:              "Wieder öffnen",
		KStatusOpen:          "Offen",
		KStatusPending:       "Wartend",
		KStatusResolved:      "Erledigt",
		KBack:                "Zurück zu den Unterhaltungen",
		KProduct:             "Produkt",
		KSKU:                 "Art.-Nr.",
		KViewProduct:         "Produkt ansehen",
		KPagesSeen:           "Besuchte Seiten",
		KVisitor:             "Besucher",
		KVerified:            "Vom Shop bestätigt",
		KUnverified:          "Nicht bestätigt (Name und E-Mail wie eingegeben)",
		KNoMessages:          "Noch keine Nachrichten.",
		KLoadingMessages:     "Nachrichten werden geladen…",
		KSelectConversation:  "Wähle eine Unterhaltung zum Lesen.",
		KUnread:              "%d ungelesen",
		KYou:                 "Du",
		KNow:                 "jetzt",
		KMinutes:             "%d Min.",
		KHours:               "%d Std.",
		KDays:                "%d T.",
		KNetworkError:        "Server nicht erreichbar. Prüfe deine Verbindung.",
		KSessionEnded:        "Deine Sitzung ist abgelaufen. Bitte melde dich erneut an.",
		KContext:             "Kontext",
		KUpdateReady:         "Eine neue Version von Comptoir ist bereit.",
		KReload:              "Neu laden",
	},
}

// Languages lists the UI languages, English first.
var Languages = []string{"en", "fr", "it", "es", "de"}

// Lang is a UI language code from Languages.
type Lang string

// PickLang chooses the UI language for a BCP 47 tag such as navigator.language
// ("fr-CH" → "fr"); anything unknown gets English.
func PickLang(tag string) Lang {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	base, _, _ = strings.Cut(base, "_")
	if _, ok := catalogue[base]; ok {
		return Lang(base)
	}
	return "en"
}

// T returns the text for k in l, falling back to English.
func (l Lang) T(k Key) string {
	if s, ok := catalogue[string(l)][k]; ok {
		return s
	}
	if s, ok := catalogue["en"][k]; ok {
		return s
	}
	return string(k)
}

// F formats the text for k in l with args, as fmt.Sprintf.
func (l Lang) F(k Key, args ...any) string {
	return fmt.Sprintf(l.T(k), args...)
}
