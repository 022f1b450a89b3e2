package ui

// UI text of the canned replies, in the five languages. It lives apart
// from strings.go so that the feature's text stays together; init merges
// it into the catalogue, whose completeness test covers it too.

// Keys of the canned-reply text.
const (
	KCanned            Key = "canned.title"
	KCannedNoMatch     Key = "canned.nomatch"
	KCannedNew         Key = "canned.new"
	KCannedEdit        Key = "canned.edit"
	KCannedDelete      Key = "canned.delete"
	KCannedDeleteAsk   Key = "canned.delete.ask"
	KCannedShortcut    Key = "canned.shortcut"
	KCannedShortcutTip Key = "canned.shortcut.hint"
	KCannedTitle       Key = "canned.name"
	KCannedTexts       Key = "canned.texts"
	KCannedVars        Key = "canned.vars"
	KCannedSave        Key = "canned.save"
	KCannedEmpty       Key = "canned.empty"
	KCannedSite        Key = "canned.site"
	KCannedSaved       Key = "canned.saved"
	KCannedDeleted     Key = "canned.deleted"
)

var cannedCatalogue = map[string]map[Key]string{
	"en": {
		KCanned:            "Canned replies",
		KCannedNoMatch:     "No canned reply matches",
		KCannedNew:         "New canned reply",
		KCannedEdit:        "Edit",
		KCannedDelete:      "Delete",
		KCannedDeleteAsk:   "Delete /%s?",
		KCannedShortcut:    "Shortcut",
		KCannedShortcutTip: "Lower-case letters, digits, - and _. Type / and the shortcut in a reply to insert it.",
		KCannedTitle:       "Title",
		KCannedTexts:       "Text in each language (at least one)",
		KCannedVars:        "Variables you can use: %s",
		KCannedSave:        "Save",
		KCannedEmpty:       "No canned replies for this site yet.",
		KCannedSite:        "Site",
		KCannedSaved:       "Saved /%s.",
		KCannedDeleted:     "Deleted /%s.",
	},
	"fr": {
		KCanned:            "Arguments de réponse",
		KCannedNoMatch:     "Aucun argument de réponse ne correspond",
		KCannedNew:         "Nouvel argument de réponse",
		KCannedEdit:        "Modifier",
		KCannedDelete:      "Supprimer",
		KCannedDeleteAsk:   "Supprimer /%s ?",
		KCannedShortcut:    "Raccourci",
		KCannedShortcutTip: "Lettres minuscules, chiffres, - et _. Tapez / et le raccourci dans une réponse pour l'insérer.",
		KCannedTitle:       "Titre",
		KCannedTexts:       "Texte dans chaque langue (au moins une)",
		KCannedVars:        "Variables disponibles : %s",
		KCannedSave:        "Enregistrer",
		KCannedEmpty:       "Aucun argument de réponse pour ce site pour l'instant.",
		KCannedSite:        "Site",
		KCannedSaved:       "/%s enregistré.",
		KCannedDeleted:     "/%s supprimé.",
	},
	"it": {
		KCanned:            "Risposte predefinite",
		KCannedNoMatch:     "Nessuna risposta predefinita corrisponde",
		KCannedNew:         "Nuova risposta predefinita",
		KCannedEdit:        "Modifica",
		KCannedDelete:      "Elimina",
		KCannedDeleteAsk:   "Eliminare /%s?",
		KCannedShortcut:    "Scorciatoia",
		KCannedShortcutTip: "Lettere minuscole, cifre, - e _. Scrivi / e la scorciatoia in una risposta per inserirla.",
		KCannedTitle:       "Titolo",
		KCannedTexts:       "Testo in ogni lingua (almeno una)",
		KCannedVars:        "Variabili disponibili: %s",
		KCannedSave:        "Salva",
		KCannedEmpty:       "Ancora nessuna risposta predefinita per questo sito.",
		KCannedSite:        "Sito",
		KCannedSaved:       "/%s salvata.",
		KCannedDeleted:     "/%s eliminata.",
	},
	"es": {
		KCanned:            "Respuestas predefinidas",
		KCannedNoMatch:     "Ninguna respuesta predefinida coincide",
		KCannedNew:         "Nueva respuesta predefinida",
		KCannedEdit:        "Editar",
		KCannedDelete:      "Eliminar",
		KCannedDeleteAsk:   "¿Eliminar /%s?",
		KCannedShortcut:    "Atajo",
		KCannedShortcutTip: "Minúsculas, cifras, - y _. Escribe / y el atajo en una respuesta para insertarla.",
		KCannedTitle:       "Título",
		KCannedTexts:       "Texto en cada idioma (al menos uno)",
		KCannedVars:        "Variables disponibles: %s",
		KCannedSave:        "Guardar",
		KCannedEmpty:       "Todavía no hay respuestas predefinidas para este sitio.",
		KCannedSite:        "Sitio",
		KCannedSaved:       "/%s guardada.",
		KCannedDeleted:     "/%s eliminada.",
	},
	"de": {
		KCanned:            "Textbausteine",
		KCannedNoMatch:     "Kein Textbaustein passt",
		KCannedNew:         "Neuer Textbaustein",
		KCannedEdit:        "Bearbeiten",
		KCannedDelete:      "Löschen",
		KCannedDeleteAsk:   "/%s löschen?",
		KCannedShortcut:    "Kürzel",
		KCannedShortcutTip: "Kleinbuchstaben, Ziffern, - und _. Tippe / und das Kürzel in eine Antwort, um ihn einzufügen.",
		KCannedTitle:       "Titel",
		KCannedTexts:       "Text in jeder Sprache (mindestens eine)",
		KCannedVars:        "Verfügbare Variablen: %s",
		KCannedSave:        "Speichern",
		KCannedEmpty:       "Für diese Website gibt es noch keine Textbausteine.",
		KCannedSite:        "Website",
		KCannedSaved:       "/%s gespeichert.",
		KCannedDeleted:     "/%s gelöscht.",
	},
}

func init() {
	for lang, table := range cannedCatalogue {
		for k, v := range table {
			catalogue[lang][k] = v
		}
	}
}
