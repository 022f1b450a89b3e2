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
	KSecurity            Key = "security.title"
	KTwoStepTitle        Key = "totp.login.title"
	KTwoStepHint         Key = "totp.login.hint"
	KRecoveryHint        Key = "totp.login.recoveryhint"
	KAuthCode            Key = "totp.code"
	KRecoveryCode        Key = "totp.recovery"
	KUseRecovery         Key = "totp.userecovery"
	KUseApp              Key = "totp.useapp"
	KVerify              Key = "totp.verify"
	KVerifying           Key = "totp.verifying"
	KStartOver           Key = "totp.startover"
	KTOTPOff             Key = "totp.off"
	KTOTPOn              Key = "totp.on"
	KTOTPStart           Key = "totp.start"
	KTOTPKeyHint         Key = "totp.keyhint"
	KTOTPKey             Key = "totp.key"
	KTOTPURI             Key = "totp.uri"
	KCopy                Key = "totp.copy"
	KCopied              Key = "totp.copied"
	KTOTPConfirm         Key = "totp.confirm"
	KRecoveryTitle       Key = "totp.codes.title"
	KRecoveryShown       Key = "totp.codes.hint"
	KRecoverySaved       Key = "totp.codes.saved"
	KTOTPDisable         Key = "totp.disable"
	KTOTPDisableHint     Key = "totp.disable.hint"
	KCodeOrRecovery      Key = "totp.disable.code"
	KClose               Key = "panel.close"
	KCancel              Key = "panel.cancel"
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
		KSecurity:            "Security",
		KTwoStepTitle:        "Two-step sign-in",
		KTwoStepHint:         "Enter the 6-digit code from your authenticator app.",
		KRecoveryHint:        "Enter one of the recovery codes you saved. Each works once.",
		KAuthCode:            "Authentication code",
		KRecoveryCode:        "Recovery code",
		KUseRecovery:         "Use a recovery code",
		KUseApp:              "Use the authenticator app",
		KVerify:              "Verify",
		KVerifying:           "Verifying…",
		KStartOver:           "Start over",
		KTOTPOff:             "Two-step sign-in is off: your password alone opens your account.",
		KTOTPOn:              "Two-step sign-in is on. Recovery codes left: %d.",
		KTOTPStart:           "Turn on two-step sign-in",
		KTOTPKeyHint:         "Enter this key in your authenticator app (or paste the setup link), then type the 6-digit code it shows.",
		KTOTPKey:             "Key",
		KTOTPURI:             "Setup link",
		KCopy:                "Copy",
		KCopied:              "Copied",
		KTOTPConfirm:         "Turn on",
		KRecoveryTitle:       "Recovery codes",
		KRecoveryShown:       "Save these codes somewhere safe now; they will not be shown again. Each one signs you in once if you lose your phone.",
		KRecoverySaved:       "I have saved them",
		KTOTPDisable:         "Turn off two-step sign-in",
		KTOTPDisableHint:     "To turn it off, confirm your password and a code from the app (or a recovery code).",
		KCodeOrRecovery:      "Authentication or recovery code",
		KClose:               "Close",
		KCancel:              "Cancel",
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
		KSecurity:            "Sécurité",
		KTwoStepTitle:        "Connexion en deux étapes",
		KTwoStepHint:         "Saisissez le code à 6 chiffres de votre application d’authentification.",
		KRecoveryHint:        "Saisissez l’un des codes de secours que vous avez gardés. Chacun ne sert qu’une fois.",
		KAuthCode:            "Code d’authentification",
		KRecoveryCode:        "Code de secours",
		KUseRecovery:         "Utiliser un code de secours",
		KUseApp:              "Utiliser l’application d’authentification",
		KVerify:              "Vérifier",
		KVerifying:           "Vérification…",
		KStartOver:           "Recommencer",
		KTOTPOff:             "La connexion en deux étapes est désactivée : votre mot de passe seul ouvre votre compte.",
		KTOTPOn:              "La connexion en deux étapes est activée. Codes de secours restants : %d.",
		KTOTPStart:           "Activer la connexion en deux étapes",
		KTOTPKeyHint:         "Saisissez cette clé dans votre application d’authentification (ou collez le lien de configuration), puis tapez le code à 6 chiffres affiché.",
		KTOTPKey:             "Clé",
		KTOTPURI:             "Lien de configuration",
		KCopy:                "Copier",
		KCopied:              "Copié",
		KTOTPConfirm:         "Activer",
		KRecoveryTitle:       "Codes de secours",
		KRecoveryShown:       "Gardez ces codes en lieu sûr maintenant ; ils ne seront plus affichés. Chacun vous connecte une fois si vous perdez votre téléphone.",
		KRecoverySaved:       "Je les ai gardés",
		KTOTPDisable:         "Désactiver la connexion en deux étapes",
		KTOTPDisableHint:     "Pour la désactiver, confirmez votre mot de passe et un code de l’application (ou un code de secours).",
		KCodeOrRecovery:      "Code d’authentification ou de secours",
		KClose:               "Fermer",
		KCancel:              "Annuler",
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
		KSecurity:            "Sicurezza",
		KTwoStepTitle:        "Accesso in due passaggi",
		KTwoStepHint:         "Inserisci il codice a 6 cifre della tua app di autenticazione.",
		KRecoveryHint:        "Inserisci uno dei codici di recupero che hai salvato. Ognuno vale una volta.",
		KAuthCode:            "Codice di autenticazione",
		KRecoveryCode:        "Codice di recupero",
		KUseRecovery:         "Usa un codice di recupero",
		KUseApp:              "Usa l’app di autenticazione",
		KVerify:              "Verifica",
		KVerifying:           "Verifica in corso…",
		KStartOver:           "Ricomincia",
		KTOTPOff:             "L’accesso in due passaggi è disattivato: basta la password per entrare nel tuo account.",
		KTOTPOn:              "L’accesso in due passaggi è attivo. Codici di recupero rimasti: %d.",
		KTOTPStart:           "Attiva l’accesso in due passaggi",
		KTOTPKeyHint:         "Inserisci questa chiave nella tua app di autenticazione (o incolla il link di configurazione), poi digita il codice a 6 cifre che mostra.",
		KTOTPKey:             "Chiave",
		KTOTPURI:             "Link di configurazione",
		KCopy:                "Copia",
		KCopied:              "Copiato",
		KTOTPConfirm:         "Attiva",
		KRecoveryTitle:       "Codici di recupero",
		KRecoveryShown:       "Salva subito questi codici in un posto sicuro: non verranno più mostrati. Ognuno ti fa entrare una volta se perdi il telefono.",
		KRecoverySaved:       "Li ho salvati",
		KTOTPDisable:         "Disattiva l’accesso in due passaggi",
		KTOTPDisableHint:     "Per disattivarlo, conferma la password e un codice dell’app (o un codice di recupero).",
		KCodeOrRecovery:      "Codice di autenticazione o di recupero",
		KClose:               "Chiudi",
		KCancel:              "Annulla",
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
		KSecurity:            "Seguridad",
		KTwoStepTitle:        "Inicio de sesión en dos pasos",
		KTwoStepHint:         "Introduce el código de 6 dígitos de tu app de autenticación.",
		KRecoveryHint:        "Introduce uno de los códigos de recuperación que guardaste. Cada uno sirve una vez.",
		KAuthCode:            "Código de autenticación",
		KRecoveryCode:        "Código de recuperación",
		KUseRecovery:         "Usar un código de recuperación",
		KUseApp:              "Usar la app de autenticación",
		KVerify:              "Verificar",
		KVerifying:           "Verificando…",
		KStartOver:           "Empezar de nuevo",
		KTOTPOff:             "El inicio de sesión en dos pasos está desactivado: tu contraseña sola abre tu cuenta.",
		KTOTPOn:              "El inicio de sesión en dos pasos está activado. Códigos de recuperación restantes: %d.",
		KTOTPStart:           "Activar el inicio de sesión en dos pasos",
		KTOTPKeyHint:         "Introduce esta clave en tu app de autenticación (o pega el enlace de configuración) y escribe el código de 6 dígitos que muestra.",
		KTOTPKey:             "Clave",
		KTOTPURI:             "Enlace de configuración",
		KCopy:                "Copiar",
		KCopied:              "Copiado",
		KTOTPConfirm:         "Activar",
		KRecoveryTitle:       "Códigos de recuperación",
		KRecoveryShown:       "Guarda estos códigos en un lugar seguro ahora; no se volverán a mostrar. Cada uno te permite entrar una vez si pierdes el teléfono.",
		KRecoverySaved:       "Ya los he guardado",
		KTOTPDisable:         "Desactivar el inicio de sesión en dos pasos",
		KTOTPDisableHint:     "Para desactivarlo, confirma tu contraseña y un código de la app (o un código de recuperación).",
		KCodeOrRecovery:      "Código de autenticación o de recuperación",
		KClose:               "Cerrar",
		KCancel:              "Cancelar",
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
		KSecurity:            "Sicherheit",
		KTwoStepTitle:        "Anmeldung in zwei Schritten",
		KTwoStepHint:         "Gib den 6-stelligen Code aus deiner Authenticator-App ein.",
		KRecoveryHint:        "Gib einen deiner gespeicherten Wiederherstellungscodes ein. Jeder gilt nur einmal.",
		KAuthCode:            "Authentifizierungscode",
		KRecoveryCode:        "Wiederherstellungscode",
		KUseRecovery:         "Wiederherstellungscode verwenden",
		KUseApp:              "Authenticator-App verwenden",
		KVerify:              "Bestätigen",
		KVerifying:           "Wird geprüft…",
		KStartOver:           "Neu beginnen",
		KTOTPOff:             "Die Anmeldung in zwei Schritten ist aus: Dein Passwort allein öffnet dein Konto.",
		KTOTPOn:              "Die Anmeldung in zwei Schritten ist an. Verbleibende Wiederherstellungscodes: %d.",
		KTOTPStart:           "Anmeldung in zwei Schritten einschalten",
		KTOTPKeyHint:         "Gib diesen Schlüssel in deiner Authenticator-App ein (oder füge den Einrichtungslink ein) und tippe dann den angezeigten 6-stelligen Code.",
		KTOTPKey:             "Schlüssel",
		KTOTPURI:             "Einrichtungslink",
		KCopy:                "Kopieren",
		KCopied:              "Kopiert",
		KTOTPConfirm:         "Einschalten",
		KRecoveryTitle:       "Wiederherstellungscodes",
		KRecoveryShown:       "Bewahre diese Codes jetzt sicher auf; sie werden nicht noch einmal angezeigt. Jeder meldet dich einmal an, falls du dein Telefon verlierst.",
		KRecoverySaved:       "Ich habe sie gespeichert",
		KTOTPDisable:         "Anmeldung in zwei Schritten ausschalten",
		KTOTPDisableHint:     "Zum Ausschalten bestätige dein Passwort und einen Code aus der App (oder einen Wiederherstellungscode).",
		KCodeOrRecovery:      "Authentifizierungs- oder Wiederherstellungscode",
		KClose:               "Schließen",
		KCancel:              "Abbrechen",
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
