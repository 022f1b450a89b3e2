package ui

// UI text of the inbox screen (views, filters, search, shortcuts, the
// contact's history) and of the agents panel, in the five languages. init
// merges it into the catalogue, whose completeness test covers it too.

// Keys of the inbox screen's text.
const (
	KViews             Key = "inbox.views"
	KViewAll           Key = "inbox.view.all"
	KViewMine          Key = "inbox.view.mine"
	KViewUnassigned    Key = "inbox.view.unassigned"
	KViewCount         Key = "inbox.view.count"
	KFilters           Key = "inbox.filters"
	KStatusFilter      Key = "inbox.status"
	KStatusActive      Key = "inbox.status.active"
	KStatusAny         Key = "inbox.status.any"
	KSiteFilter        Key = "inbox.site"
	KAllSites          Key = "inbox.site.all"
	KNoMatch           Key = "inbox.nomatch"
	KShowAll           Key = "inbox.showall"
	KSearch            Key = "search.label"
	KSearchPlaceholder Key = "search.placeholder"
	KSearching         Key = "search.pending"
	KSearchNone        Key = "search.none"
	KSearchCount       Key = "search.count"
	KSearchIndexing    Key = "search.indexing"
	KClearSearch       Key = "search.clear"
	KSearchResults     Key = "search.results"
	KMatchContact      Key = "search.match.contact"
	KShortcutsTitle    Key = "shortcuts.title"
	KShortcutNextPrev  Key = "shortcuts.nextprev"
	KShortcutOpen      Key = "shortcuts.open"
	KShortcutReply     Key = "shortcuts.reply"
	KShortcutResolve   Key = "shortcuts.resolve"
	KShortcutSearch    Key = "shortcuts.search"
	KShortcutBack      Key = "shortcuts.back"
	KShortcutHelp      Key = "shortcuts.help"
	KShortcutsNote     Key = "shortcuts.note"
	KPreviousConvs     Key = "context.history"
	KNoPreviousConvs   Key = "context.history.none"
	KHistoryFailed     Key = "context.history.failed"
	KAgents            Key = "agents.title"
	KAgentsHint        Key = "agents.hint"
	KAgentSites        Key = "agents.sites"
	KAgentEverySite    Key = "agents.everysite"
	KAgentNoSite       Key = "agents.nosite"
	KAgentSave         Key = "agents.save"
	KAgentSaved        Key = "agents.saved"
	KAgentNew          Key = "agents.new"
	KAgentName         Key = "agents.name"
	KAgentRole         Key = "agents.role"
	KRoleAgent         Key = "agents.role.agent"
	KRoleAdmin         Key = "agents.role.admin"
	KAgentCreate       Key = "agents.create"
	KAgentCreated      Key = "agents.created"
	KAgentPasswordHint Key = "agents.password.hint"
	KAgentsEmpty       Key = "agents.empty"
	KSaving            Key = "agents.saving"
)

// Keys of the team view and the label, reason and awaiting filters.
const (
	KViewTeam     Key = "inbox.view.team"
	KLabelFilter  Key = "inbox.label"
	KAnyLabel     Key = "inbox.label.any"
	KReasonFilter Key = "inbox.reason"
	KAnyReason    Key = "inbox.reason.any"
)

var inboxCatalogue = map[string]map[Key]string{
	"en": {
		KViewTeam:          "My teams",
		KLabelFilter:       "Label",
		KAnyLabel:          "Any label",
		KReasonFilter:      "Complaint reason",
		KAnyReason:         "Any reason",
		KViews:             "Views",
		KViewAll:           "All",
		KViewMine:          "Mine",
		KViewUnassigned:    "Unassigned",
		KViewCount:         "%s (%d)",
		KFilters:           "Filters",
		KStatusFilter:      "Status",
		KStatusActive:      "Open and pending",
		KStatusAny:         "Any status",
		KSiteFilter:        "Site",
		KAllSites:          "All sites",
		KNoMatch:           "No conversation matches these filters.",
		KShowAll:           "Show all conversations",
		KSearch:            "Search messages and contacts",
		KSearchPlaceholder: "Search… ( / )",
		KSearching:         "Searching…",
		KSearchNone:        "No conversation matches “%s”.",
		KSearchCount:       "%d conversations match “%s”.",
		KSearchIndexing:    "The search index is still being built: some results may be missing.",
		KClearSearch:       "Clear the search",
		KSearchResults:     "Search results",
		KMatchContact:      "Contact",
		KShortcutsTitle:    "Keyboard shortcuts",
		KShortcutNextPrev:  "Next or previous conversation",
		KShortcutOpen:      "Open the conversation",
		KShortcutReply:     "Write a reply",
		KShortcutResolve:   "Resolve the conversation",
		KShortcutSearch:    "Search messages and contacts",
		KShortcutBack:      "Close, leave the search, or back to the list",
		KShortcutHelp:      "Show or hide this list",
		KShortcutsNote:     "Shortcuts do nothing while you type in a field.",
		KPreviousConvs:     "Previous conversations",
		KNoPreviousConvs:   "No other conversation with this contact.",
		KHistoryFailed:     "The previous conversations could not be loaded.",
		KAgents:            "Agents",
		KAgentsHint:        "An agent sees only the conversations, contacts and search results of their sites. Admins see every site.",
		KAgentSites:        "Sites of %s",
		KAgentEverySite:    "Every site (admin)",
		KAgentNoSite:       "No site yet: this agent sees nothing.",
		KAgentSave:         "Save sites",
		KAgentSaved:        "Sites of %s saved.",
		KAgentNew:          "New agent",
		KAgentName:         "Name",
		KAgentRole:         "Role",
		KRoleAgent:         "Agent (chosen sites)",
		KRoleAdmin:         "Admin (every site, settings)",
		KAgentCreate:       "Create the agent",
		KAgentCreated:      "%s can now sign in.",
		KAgentPasswordHint: "At least 8 characters. Give it to them in person; they can add two-step sign-in.",
		KAgentsEmpty:       "No agents yet.",
		KSaving:            "Saving…",
	},
	"fr": {
		KViewTeam:          "Mes équipes",
		KLabelFilter:       "Étiquette",
		KAnyLabel:          "Toutes les étiquettes",
		KReasonFilter:      "Motif de réclamation",
		KAnyReason:         "Tous les motifs",
		KViews:             "Vues",
		KViewAll:           "Toutes",
		KViewMine:          "Les miennes",
		KViewUnassigned:    "Non attribuées",
		KViewCount:         "%s (%d)",
		KFilters:           "Filtres",
		KStatusFilter:      "Statut",
		KStatusActive:      "Ouvertes et en attente",
		KStatusAny:         "Tous les statuts",
		KSiteFilter:        "Site",
		KAllSites:          "Tous les sites",
		KNoMatch:           "Aucune conversation ne correspond à ces filtres.",
		KShowAll:           "Afficher toutes les conversations",
		KSearch:            "Rechercher dans les messages et les contacts",
		KSearchPlaceholder: "Rechercher… ( / )",
		KSearching:         "Recherche…",
		KSearchNone:        "Aucune conversation ne correspond à « %s ».",
		KSearchCount:       "%d conversations correspondent à « %s ».",
		KSearchIndexing:    "L'index de recherche est encore en construction : des résultats peuvent manquer.",
		KClearSearch:       "Effacer la recherche",
		KSearchResults:     "Résultats de la recherche",
		KMatchContact:      "Contact",
		KShortcutsTitle:    "Raccourcis clavier",
		KShortcutNextPrev:  "Conversation suivante ou précédente",
		KShortcutOpen:      "Ouvrir la conversation",
		KShortcutReply:     "Écrire une réponse",
		KShortcutResolve:   "Résoudre la conversation",
		KShortcutSearch:    "Rechercher dans les messages et les contacts",
		KShortcutBack:      "Fermer, quitter la recherche ou revenir à la liste",
		KShortcutHelp:      "Afficher ou masquer cette liste",
		KShortcutsNote:     "Les raccourcis ne font rien pendant la saisie dans un champ.",
		KPreviousConvs:     "Conversations précédentes",
		KNoPreviousConvs:   "Aucune autre conversation avec ce contact.",
		KHistoryFailed:     "Les conversations précédentes n'ont pas pu être chargées.",
		KAgents:            "Agents",
		KAgentsHint:        "Un agent ne voit que les conversations, contacts et résultats de recherche de ses sites. Les admins voient tous les sites.",
		KAgentSites:        "Sites de %s",
		KAgentEverySite:    "Tous les sites (admin)",
		KAgentNoSite:       "Aucun site pour l'instant : cet agent ne voit rien.",
		KAgentSave:         "Enregistrer les sites",
		KAgentSaved:        "Sites de %s enregistrés.",
		KAgentNew:          "Nouvel agent",
		KAgentName:         "Nom",
		KAgentRole:         "Rôle",
		KRoleAgent:         "Agent (sites choisis)",
		KRoleAdmin:         "Admin (tous les sites, réglages)",
		KAgentCreate:       "Créer l'agent",
		KAgentCreated:      "%s peut maintenant se connecter.",
		KAgentPasswordHint: "Au moins 8 caractères. Transmettez-le en personne ; l'agent pourra ajouter la connexion en deux étapes.",
		KAgentsEmpty:       "Aucun agent pour l'instant.",
		KSaving:            "Enregistrement…",
	},
	"it": {
		KViewTeam:          "I miei team",
		KLabelFilter:       "Etichetta",
		KAnyLabel:          "Qualsiasi etichetta",
		KReasonFilter:      "Motivo del reclamo",
		KAnyReason:         "Qualsiasi motivo",
		KViews:             "Viste",
		KViewAll:           "Tutte",
		KViewMine:          "Mie",
		KViewUnassigned:    "Non assegnate",
		KViewCount:         "%s (%d)",
		KFilters:           "Filtri",
		KStatusFilter:      "Stato",
		KStatusActive:      "Aperte e in attesa",
		KStatusAny:         "Qualsiasi stato",
		KSiteFilter:        "Sito",
		KAllSites:          "Tutti i siti",
		KNoMatch:           "Nessuna conversazione corrisponde a questi filtri.",
		KShowAll:           "Mostra tutte le conversazioni",
		KSearch:            "Cerca nei messaggi e nei contatti",
		KSearchPlaceholder: "Cerca… ( / )",
		KSearching:         "Ricerca in corso…",
		KSearchNone:        "Nessuna conversazione corrisponde a «%s».",
		KSearchCount:       "%d conversazioni corrispondono a «%s».",
		KSearchIndexing:    "L'indice di ricerca è ancora in costruzione: alcuni risultati potrebbero mancare.",
		KClearSearch:       "Cancella la ricerca",
		KSearchResults:     "Risultati della ricerca",
		KMatchContact:      "Contatto",
		KShortcutsTitle:    "Scorciatoie da tastiera",
		KShortcutNextPrev:  "Conversazione successiva o precedente",
		KShortcutOpen:      "Apri la conversazione",
		KShortcutReply:     "Scrivi una risposta",
		KShortcutResolve:   "Risolvi la conversazione",
		KShortcutSearch:    "Cerca nei messaggi e nei contatti",
		KShortcutBack:      "Chiudi, esci dalla ricerca o torna all'elenco",
		KShortcutHelp:      "Mostra o nascondi questo elenco",
		KShortcutsNote:     "Le scorciatoie non fanno nulla mentre scrivi in un campo.",
		KPreviousConvs:     "Conversazioni precedenti",
		KNoPreviousConvs:   "Nessun'altra conversazione con questo contatto.",
		KHistoryFailed:     "Non è stato possibile caricare le conversazioni precedenti.",
		KAgents:            "Operatori",
		KAgentsHint:        "Un operatore vede solo conversazioni, contatti e risultati di ricerca dei suoi siti. Gli admin vedono tutti i siti.",
		KAgentSites:        "Siti di %s",
		KAgentEverySite:    "Tutti i siti (admin)",
		KAgentNoSite:       "Ancora nessun sito: questo operatore non vede nulla.",
		KAgentSave:         "Salva i siti",
		KAgentSaved:        "Siti di %s salvati.",
		KAgentNew:          "Nuovo operatore",
		KAgentName:         "Nome",
		KAgentRole:         "Ruolo",
		KRoleAgent:         "Operatore (siti scelti)",
		KRoleAdmin:         "Admin (tutti i siti, impostazioni)",
		KAgentCreate:       "Crea l'operatore",
		KAgentCreated:      "%s ora può accedere.",
		KAgentPasswordHint: "Almeno 8 caratteri. Comunicala di persona; potrà aggiungere l'accesso in due passaggi.",
		KAgentsEmpty:       "Ancora nessun operatore.",
		KSaving:            "Salvataggio…",
	},
	"es": {
		KViewTeam:          "Mis equipos",
		KLabelFilter:       "Etiqueta",
		KAnyLabel:          "Cualquier etiqueta",
		KReasonFilter:      "Motivo de reclamación",
		KAnyReason:         "Cualquier motivo",
		KViews:             "Vistas",
		KViewAll:           "Todas",
		KViewMine:          "Mías",
		KViewUnassigned:    "Sin asignar",
		KViewCount:         "%s (%d)",
		KFilters:           "Filtros",
		KStatusFilter:      "Estado",
		KStatusActive:      "Abiertas y pendientes",
		KStatusAny:         "Cualquier estado",
		KSiteFilter:        "Sitio",
		KAllSites:          "Todos los sitios",
		KNoMatch:           "Ninguna conversación coincide con estos filtros.",
		KShowAll:           "Mostrar todas las conversaciones",
		KSearch:            "Buscar en mensajes y contactos",
		KSearchPlaceholder: "Buscar… ( / )",
		KSearching:         "Buscando…",
		KSearchNone:        "Ninguna conversación coincide con «%s».",
		KSearchCount:       "%d conversaciones coinciden con «%s».",
		KSearchIndexing:    "El índice de búsqueda aún se está creando: pueden faltar resultados.",
		KClearSearch:       "Borrar la búsqueda",
		KSearchResults:     "Resultados de la búsqueda",
		KMatchContact:      "Contacto",
		KShortcutsTitle:    "Atajos de teclado",
		KShortcutNextPrev:  "Conversación siguiente o anterior",
		KShortcutOpen:      "Abrir la conversación",
		KShortcutReply:     "Escribir una respuesta",
		KShortcutResolve:   "Resolver la conversación",
		KShortcutSearch:    "Buscar en mensajes y contactos",
		KShortcutBack:      "Cerrar, salir de la búsqueda o volver a la lista",
		KShortcutHelp:      "Mostrar u ocultar esta lista",
		KShortcutsNote:     "Los atajos no hacen nada mientras escribes en un campo.",
		KPreviousConvs:     "Conversaciones anteriores",
		KNoPreviousConvs:   "No hay otras conversaciones con este contacto.",
		KHistoryFailed:     "No se pudieron cargar las conversaciones anteriores.",
		KAgents:            "Agentes",
		KAgentsHint:        "Un agente solo ve las conversaciones, los contactos y los resultados de búsqueda de sus sitios. Los administradores ven todos los sitios.",
		KAgentSites:        "Sitios de %s",
		KAgentEverySite:    "Todos los sitios (admin)",
		KAgentNoSite:       "Aún sin sitio: este agente no ve nada.",
		KAgentSave:         "Guardar los sitios",
		KAgentSaved:        "Sitios de %s guardados.",
		KAgentNew:          "Nuevo agente",
		KAgentName:         "Nombre",
		KAgentRole:         "Rol",
		KRoleAgent:         "Agente (sitios elegidos)",
		KRoleAdmin:         "Admin (todos los sitios, ajustes)",
		KAgentCreate:       "Crear el agente",
		KAgentCreated:      "%s ya puede iniciar sesión.",
		KAgentPasswordHint: "Al menos 8 caracteres. Entrégasela en persona; podrá añadir el inicio de sesión en dos pasos.",
		KAgentsEmpty:       "Aún no hay agentes.",
		KSaving:            "Guardando…",
	},
	"de": {
		KViewTeam:          "Meine Teams",
		KLabelFilter:       "Label",
		KAnyLabel:          "Jedes Label",
		KReasonFilter:      "Beschwerdegrund",
		KAnyReason:         "Jeder Grund",
		KViews:             "Ansichten",
		KViewAll:           "Alle",
		KViewMine:          "Meine",
		KViewUnassigned:    "Nicht zugewiesen",
		KViewCount:         "%s (%d)",
		KFilters:           "Filter",
		KStatusFilter:      "Status",
		KStatusActive:      "Offen und wartend",
		KStatusAny:         "Jeder Status",
		KSiteFilter:        "Website",
		KAllSites:          "Alle Websites",
		KNoMatch:           "Keine Unterhaltung passt zu diesen Filtern.",
		KShowAll:           "Alle Unterhaltungen zeigen",
		KSearch:            "Nachrichten und Kontakte durchsuchen",
		KSearchPlaceholder: "Suchen… ( / )",
		KSearching:         "Suche läuft…",
		KSearchNone:        "Keine Unterhaltung passt zu „%s“.",
		KSearchCount:       "%d Unterhaltungen passen zu „%s“.",
		KSearchIndexing:    "Der Suchindex wird noch aufgebaut: Einige Ergebnisse können fehlen.",
		KClearSearch:       "Suche löschen",
		KSearchResults:     "Suchergebnisse",
		KMatchContact:      "Kontakt",
		KShortcutsTitle:    "Tastenkürzel",
		KShortcutNextPrev:  "Nächste oder vorige Unterhaltung",
		KShortcutOpen:      "Unterhaltung öffnen",
		KShortcutReply:     "Antwort schreiben",
		KShortcutResolve:   "Unterhaltung erledigen",
		KShortcutSearch:    "Nachrichten und Kontakte durchsuchen",
		KShortcutBack:      "Schließen, Suche verlassen oder zurück zur Liste",
		KShortcutHelp:      "Diese Liste zeigen oder verbergen",
		KShortcutsNote:     "Während du in ein Feld tippst, tun die Kürzel nichts.",
		KPreviousConvs:     "Frühere Unterhaltungen",
		KNoPreviousConvs:   "Keine andere Unterhaltung mit diesem Kontakt.",
		KHistoryFailed:     "Die früheren Unterhaltungen konnten nicht geladen werden.",
		KAgents:            "Mitarbeitende",
		KAgentsHint:        "Mitarbeitende sehen nur Unterhaltungen, Kontakte und Suchergebnisse ihrer Websites. Admins sehen alle Websites.",
		KAgentSites:        "Websites von %s",
		KAgentEverySite:    "Alle Websites (Admin)",
		KAgentNoSite:       "Noch keine Website: Diese Person sieht nichts.",
		KAgentSave:         "Websites speichern",
		KAgentSaved:        "Websites von %s gespeichert.",
		KAgentNew:          "Neue Person",
		KAgentName:         "Name",
		KAgentRole:         "Rolle",
		KRoleAgent:         "Mitarbeitende (gewählte Websites)",
		KRoleAdmin:         "Admin (alle Websites, Einstellungen)",
		KAgentCreate:       "Konto anlegen",
		KAgentCreated:      "%s kann sich jetzt anmelden.",
		KAgentPasswordHint: "Mindestens 8 Zeichen. Gib es persönlich weiter; die Anmeldung in zwei Schritten kann danach eingerichtet werden.",
		KAgentsEmpty:       "Noch keine Mitarbeitenden.",
		KSaving:            "Wird gespeichert…",
	},
}

func init() {
	for lang, table := range inboxCatalogue {
		for k, v := range table {
			catalogue[lang][k] = v
		}
	}
}
