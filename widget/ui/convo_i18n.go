package ui

// Texts of the conversation tools (convo.go): typing, seen, the
// confirmation prompt, the promise and the emoji picker. A table of its own
// so that other features' keys in i18n.go never collide with these.
type convoTexts struct {
	Typing   string // {name} is typing
	Seen     string
	Confirm  string
	Yes, No  string
	Promise  string // {name} will send you: {what}
	DueChat  string // {date}
	DueEmail string // {date}
	Emoji    string // the picker's button
	Emojis   string // the picker's list
}

var convoTexts5 = map[string]convoTexts{
	"en": {"{name} is typing…", "Seen", "Did this solve your problem?", "Yes, solved", "No, I still need help",
		"{name} will send you: {what}", "By {date}, here in the chat", "By {date}, by email", "Insert an emoji", "Emoji"},
	"fr": {"{name} écrit…", "Vu", "Cela a-t-il résolu votre problème ?", "Oui, c’est résolu", "Non, j’ai encore besoin d’aide",
		"{name} va vous envoyer : {what}", "D’ici le {date}, ici dans le chat", "D’ici le {date}, par e-mail", "Insérer un emoji", "Emoji"},
	"de": {"{name} schreibt…", "Gesehen", "Hat das Ihr Problem gelöst?", "Ja, gelöst", "Nein, ich brauche noch Hilfe",
		"{name} schickt Ihnen: {what}", "Bis {date}, hier im Chat", "Bis {date}, per E-Mail", "Emoji einfügen", "Emoji"},
	"es": {"{name} está escribiendo…", "Visto", "¿Se ha resuelto su problema?", "Sí, resuelto", "No, todavía necesito ayuda",
		"{name} le enviará: {what}", "Antes del {date}, aquí en el chat", "Antes del {date}, por correo", "Insertar un emoji", "Emoji"},
	"it": {"{name} sta scrivendo…", "Visto", "Questo ha risolto il tuo problema?", "Sì, risolto", "No, ho ancora bisogno di aiuto",
		"{name} ti invierà: {what}", "Entro il {date}, qui in chat", "Entro il {date}, via email", "Inserisci un emoji", "Emoji"},
}

// ct is the conversation tools' texts in lang (English when not spoken).
func ct(lang string) convoTexts {
	if t, ok := convoTexts5[lang]; ok {
		return t
	}
	return convoTexts5["en"]
}
