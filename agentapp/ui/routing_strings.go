package ui

// UI text of routing (availability, assignment, transfer, escalation,
// teams and routing settings), in the five languages; init merges it into
// the catalogue, whose completeness test covers it too.

// Keys of the routing text.
const (
	KAvailability      Key = "routing.availability"
	KAvOnline          Key = "routing.online"
	KAvAway            Key = "routing.away"
	KAvOffline         Key = "routing.offline"
	KAvIdle            Key = "routing.idle"
	KAvSetAway         Key = "routing.set.away"
	KAvSetOnline       Key = "routing.set.online"
	KAssignedToYou     Key = "routing.assigned.you"
	KAssignedTo        Key = "routing.assigned.to"
	KUnassigned        Key = "routing.unassigned"
	KWaitingInLine     Key = "routing.waiting"
	KEscalated         Key = "routing.escalated"
	KTeamLabel         Key = "routing.team"
	KTopicLabel        Key = "routing.topic"
	KAssignToMe        Key = "routing.assign.me"
	KTransfer          Key = "routing.transfer"
	KTransferTo        Key = "routing.transfer.to"
	KTransferSite      Key = "routing.transfer.site"
	KTransferAgent     Key = "routing.transfer.agent"
	KTransferTeam      Key = "routing.transfer.team"
	KTransferNote      Key = "routing.transfer.note"
	KTransferDo        Key = "routing.transfer.do"
	KEscalate          Key = "routing.escalate"
	KEscalateNote      Key = "routing.escalate.note"
	KEscalateDo        Key = "routing.escalate.do"
	KAgentLoad         Key = "routing.load"
	KEscalationTitle   Key = "routing.escalation.title"
	KEscalationWaited  Key = "routing.escalation.waited"
	KRoutingSettings   Key = "routing.settings"
	KTeams             Key = "routing.teams"
	KTeamNew           Key = "routing.team.new"
	KTeamCreate        Key = "routing.team.create"
	KTeamName          Key = "routing.team.name"
	KTeamMembers       Key = "routing.team.members"
	KTeamDelete        Key = "routing.team.delete"
	KTeamsEmpty        Key = "routing.teams.empty"
	KRules             Key = "routing.rules"
	KRuleField         Key = "routing.rule.field"
	KRulePattern       Key = "routing.rule.pattern"
	KRuleAdd           Key = "routing.rule.add"
	KRuleRemove        Key = "routing.rule.remove"
	KRuleURL           Key = "routing.rule.url"
	KRuleLang          Key = "routing.rule.lang"
	KRuleTopic         Key = "routing.rule.topic"
	KEscalateAfter     Key = "routing.escalate.after"
	KEscalateAfterHint Key = "routing.escalate.after.hint"
	KPreChat           Key = "routing.prechat"
	KPreChatOn         Key = "routing.prechat.on"
	KPreChatTopics     Key = "routing.prechat.topics"
	KCapacities        Key = "routing.capacities"
	KCapacity          Key = "routing.capacity"
	KEvQueued          Key = "routing.ev.queued"
	KEvTransferred     Key = "routing.ev.transferred"
	KEvEscalatedBy     Key = "routing.ev.escalated.by"
	KEvEscalatedAuto   Key = "routing.ev.escalated.auto"
	KSave              Key = "routing.save"
	KSaved             Key = "routing.saved"
)

var routingCatalogue = map[string]map[Key]string{
	"en": {
		KTeamCreate:        "Create team",
		KEvQueued:          "Waiting in line",
		KEvTransferred:     "%s transferred it to %s",
		KEvEscalatedBy:     "%s escalated it to the admins",
		KEvEscalatedAuto:   "Escalated to the admins: the shopper waited too long",
		KAvailability:      "Availability",
		KAvOnline:          "Online",
		KAvAway:            "Away",
		KAvOffline:         "Offline",
		KAvIdle:            "Away (idle)",
		KAvSetAway:         "Online: switch to away",
		KAvSetOnline:       "Away: switch to online",
		KAssignedToYou:     "Assigned to you",
		KAssignedTo:        "Assigned to %s",
		KUnassigned:        "Unassigned",
		KWaitingInLine:     "Waiting in line for %s",
		KEscalated:         "Escalated",
		KTeamLabel:         "Team: %s",
		KTopicLabel:        "Topic: %s",
		KAssignToMe:        "Assign to me",
		KTransfer:          "Transfer",
		KTransferTo:        "Transfer to",
		KTransferSite:      "Next available agent",
		KTransferAgent:     "Agents",
		KTransferTeam:      "Teams",
		KTransferNote:      "Note for your colleague (only agents see it)",
		KTransferDo:        "Transfer",
		KEscalate:          "Escalate",
		KEscalateNote:      "Why? (for the admins)",
		KEscalateDo:        "Escalate to admins",
		KAgentLoad:         "%s — %s, %d/%d",
		KEscalationTitle:   "Escalated: %s",
		KEscalationWaited:  "The shopper has waited too long for an answer.",
		KRoutingSettings:   "Routing",
		KTeams:             "Teams",
		KTeamNew:           "New team",
		KTeamName:          "Team name",
		KTeamMembers:       "Members",
		KTeamDelete:        "Delete team",
		KTeamsEmpty:        "No teams yet: every agent of the site takes every conversation.",
		KRules:             "Rules (the first that matches sends the conversation to its team)",
		KRuleField:         "When",
		KRulePattern:       "Matches",
		KRuleAdd:           "Add a rule",
		KRuleRemove:        "Remove rule %d",
		KRuleURL:           "Page URL (* for anything)",
		KRuleLang:          "Page language",
		KRuleTopic:         "Pre-chat topic",
		KEscalateAfter:     "Escalate to admins after a shopper waits (minutes, 0: never)",
		KEscalateAfterHint: "Counted from the shopper's first unanswered message.",
		KPreChat:           "Pre-chat form",
		KPreChatOn:         "Ask for name, email and topic before the first message",
		KPreChatTopics:     "Topics, one per line",
		KCapacities:        "Conversations at once per agent",
		KCapacity:          "Capacity of %s",
		KSave:              "Save",
		KSaved:             "Saved.",
	},
	"fr": {
		KTeamCreate:        "Créer l’équipe",
		KEvQueued:          "En file d’attente",
		KEvTransferred:     "%s l’a transférée à %s",
		KEvEscalatedBy:     "%s l’a escaladée aux administrateurs",
		KEvEscalatedAuto:   "Escaladée aux administrateurs : le client attendait depuis trop longtemps",
		KAvailability:      "Disponibilité",
		KAvOnline:          "En ligne",
		KAvAway:            "Absent",
		KAvOffline:         "Hors ligne",
		KAvIdle:            "Absent (inactif)",
		KAvSetAway:         "En ligne : passer en absent",
		KAvSetOnline:       "Absent : passer en ligne",
		KAssignedToYou:     "Attribuée à vous",
		KAssignedTo:        "Attribuée à %s",
		KUnassigned:        "Non attribuée",
		KWaitingInLine:     "En file d’attente depuis %s",
		KEscalated:         "Escaladée",
		KTeamLabel:         "Équipe : %s",
		KTopicLabel:        "Sujet : %s",
		KAssignToMe:        "Me l’attribuer",
		KTransfer:          "Transférer",
		KTransferTo:        "Transférer à",
		KTransferSite:      "Prochain conseiller disponible",
		KTransferAgent:     "Conseillers",
		KTransferTeam:      "Équipes",
		KTransferNote:      "Note pour votre collègue (visible des seuls conseillers)",
		KTransferDo:        "Transférer",
		KEscalate:          "Escalader",
		KEscalateNote:      "Pourquoi ? (pour les administrateurs)",
		KEscalateDo:        "Escalader aux administrateurs",
		KAgentLoad:         "%s — %s, %d/%d",
		KEscalationTitle:   "Escaladée : %s",
		KEscalationWaited:  "Le client attend une réponse depuis trop longtemps.",
		KRoutingSettings:   "Routage",
		KTeams:             "Équipes",
		KTeamNew:           "Nouvelle équipe",
		KTeamName:          "Nom de l’équipe",
		KTeamMembers:       "Membres",
		KTeamDelete:        "Supprimer l’équipe",
		KTeamsEmpty:        "Aucune équipe : chaque conseiller du site prend toutes les conversations.",
		KRules:             "Règles (la première qui correspond envoie la conversation à son équipe)",
		KRuleField:         "Quand",
		KRulePattern:       "Correspond à",
		KRuleAdd:           "Ajouter une règle",
		KRuleRemove:        "Supprimer la règle %d",
		KRuleURL:           "URL de la page (* pour n’importe quoi)",
		KRuleLang:          "Langue de la page",
		KRuleTopic:         "Sujet du formulaire",
		KEscalateAfter:     "Escalader aux administrateurs après une attente de (minutes, 0 : jamais)",
		KEscalateAfterHint: "Compté depuis le premier message du client resté sans réponse.",
		KPreChat:           "Formulaire avant la discussion",
		KPreChatOn:         "Demander nom, e-mail et sujet avant le premier message",
		KPreChatTopics:     "Sujets, un par ligne",
		KCapacities:        "Conversations simultanées par conseiller",
		KCapacity:          "Capacité de %s",
		KSave:              "Enregistrer",
		KSaved:             "Enregistré.",
	},
	"it": {
		KTeamCreate:        "Crea il team",
		KEvQueued:          "In coda",
		KEvTransferred:     "%s l’ha trasferita a %s",
		KEvEscalatedBy:     "%s l’ha inoltrata agli amministratori",
		KEvEscalatedAuto:   "Inoltrata agli amministratori: il cliente aspettava da troppo tempo",
		KAvailability:      "Disponibilità",
		KAvOnline:          "Online",
		KAvAway:            "Assente",
		KAvOffline:         "Offline",
		KAvIdle:            "Assente (inattivo)",
		KAvSetAway:         "Online: passa ad assente",
		KAvSetOnline:       "Assente: passa a online",
		KAssignedToYou:     "Assegnata a te",
		KAssignedTo:        "Assegnata a %s",
		KUnassigned:        "Non assegnata",
		KWaitingInLine:     "In coda da %s",
		KEscalated:         "Inoltrata agli amministratori",
		KTeamLabel:         "Team: %s",
		KTopicLabel:        "Argomento: %s",
		KAssignToMe:        "Assegna a me",
		KTransfer:          "Trasferisci",
		KTransferTo:        "Trasferisci a",
		KTransferSite:      "Prossimo operatore disponibile",
		KTransferAgent:     "Operatori",
		KTransferTeam:      "Team",
		KTransferNote:      "Nota per il collega (visibile solo agli operatori)",
		KTransferDo:        "Trasferisci",
		KEscalate:          "Inoltra",
		KEscalateNote:      "Perché? (per gli amministratori)",
		KEscalateDo:        "Inoltra agli amministratori",
		KAgentLoad:         "%s — %s, %d/%d",
		KEscalationTitle:   "Inoltrata: %s",
		KEscalationWaited:  "Il cliente aspetta una risposta da troppo tempo.",
		KRoutingSettings:   "Instradamento",
		KTeams:             "Team",
		KTeamNew:           "Nuovo team",
		KTeamName:          "Nome del team",
		KTeamMembers:       "Membri",
		KTeamDelete:        "Elimina il team",
		KTeamsEmpty:        "Nessun team: ogni operatore del sito riceve tutte le conversazioni.",
		KRules:             "Regole (la prima che corrisponde manda la conversazione al suo team)",
		KRuleField:         "Quando",
		KRulePattern:       "Corrisponde a",
		KRuleAdd:           "Aggiungi una regola",
		KRuleRemove:        "Rimuovi la regola %d",
		KRuleURL:           "URL della pagina (* per qualsiasi cosa)",
		KRuleLang:          "Lingua della pagina",
		KRuleTopic:         "Argomento del modulo",
		KEscalateAfter:     "Inoltra agli amministratori dopo un'attesa di (minuti, 0: mai)",
		KEscalateAfterHint: "Contata dal primo messaggio del cliente senza risposta.",
		KPreChat:           "Modulo prima della chat",
		KPreChatOn:         "Chiedi nome, email e argomento prima del primo messaggio",
		KPreChatTopics:     "Argomenti, uno per riga",
		KCapacities:        "Conversazioni contemporanee per operatore",
		KCapacity:          "Capacità di %s",
		KSave:              "Salva",
		KSaved:             "Salvato.",
	},
	"es": {
		KTeamCreate:        "Crear el equipo",
		KEvQueued:          "En cola",
		KEvTransferred:     "%s la transfirió a %s",
		KEvEscalatedBy:     "%s la escaló a los administradores",
		KEvEscalatedAuto:   "Escalada a los administradores: el cliente esperaba demasiado",
		KAvailability:      "Disponibilidad",
		KAvOnline:          "En línea",
		KAvAway:            "Ausente",
		KAvOffline:         "Desconectado",
		KAvIdle:            "Ausente (inactivo)",
		KAvSetAway:         "En línea: pasar a ausente",
		KAvSetOnline:       "Ausente: pasar a en línea",
		KAssignedToYou:     "Asignada a ti",
		KAssignedTo:        "Asignada a %s",
		KUnassigned:        "Sin asignar",
		KWaitingInLine:     "En cola desde hace %s",
		KEscalated:         "Escalada",
		KTeamLabel:         "Equipo: %s",
		KTopicLabel:        "Tema: %s",
		KAssignToMe:        "Asignármela",
		KTransfer:          "Transferir",
		KTransferTo:        "Transferir a",
		KTransferSite:      "Siguiente agente disponible",
		KTransferAgent:     "Agentes",
		KTransferTeam:      "Equipos",
		KTransferNote:      "Nota para tu compañero (solo la ven los agentes)",
		KTransferDo:        "Transferir",
		KEscalate:          "Escalar",
		KEscalateNote:      "¿Por qué? (para los administradores)",
		KEscalateDo:        "Escalar a los administradores",
		KAgentLoad:         "%s — %s, %d/%d",
		KEscalationTitle:   "Escalada: %s",
		KEscalationWaited:  "El cliente lleva demasiado tiempo esperando una respuesta.",
		KRoutingSettings:   "Enrutamiento",
		KTeams:             "Equipos",
		KTeamNew:           "Nuevo equipo",
		KTeamName:          "Nombre del equipo",
		KTeamMembers:       "Miembros",
		KTeamDelete:        "Eliminar el equipo",
		KTeamsEmpty:        "Aún no hay equipos: cada agente del sitio atiende todas las conversaciones.",
		KRules:             "Reglas (la primera que coincide envía la conversación a su equipo)",
		KRuleField:         "Cuando",
		KRulePattern:       "Coincide con",
		KRuleAdd:           "Añadir una regla",
		KRuleRemove:        "Quitar la regla %d",
		KRuleURL:           "URL de la página (* para cualquier cosa)",
		KRuleLang:          "Idioma de la página",
		KRuleTopic:         "Tema del formulario",
		KEscalateAfter:     "Escalar a los administradores tras una espera de (minutos, 0: nunca)",
		KEscalateAfterHint: "Contada desde el primer mensaje del cliente sin respuesta.",
		KPreChat:           "Formulario previo al chat",
		KPreChatOn:         "Pedir nombre, email y tema antes del primer mensaje",
		KPreChatTopics:     "Temas, uno por línea",
		KCapacities:        "Conversaciones a la vez por agente",
		KCapacity:          "Capacidad de %s",
		KSave:              "Guardar",
		KSaved:             "Guardado.",
	},
	"de": {
		KTeamCreate:        "Team anlegen",
		KEvQueued:          "Wartet in der Warteschlange",
		KEvTransferred:     "%s hat es an %s weitergeleitet",
		KEvEscalatedBy:     "%s hat es an die Admins eskaliert",
		KEvEscalatedAuto:   "An die Admins eskaliert: zu lange Wartezeit",
		KAvailability:      "Verfügbarkeit",
		KAvOnline:          "Online",
		KAvAway:            "Abwesend",
		KAvOffline:         "Offline",
		KAvIdle:            "Abwesend (inaktiv)",
		KAvSetAway:         "Online: auf abwesend stellen",
		KAvSetOnline:       "Abwesend: auf online stellen",
		KAssignedToYou:     "Dir zugewiesen",
		KAssignedTo:        "%s zugewiesen",
		KUnassigned:        "Nicht zugewiesen",
		KWaitingInLine:     "Wartet seit %s",
		KEscalated:         "Eskaliert",
		KTeamLabel:         "Team: %s",
		KTopicLabel:        "Thema: %s",
		KAssignToMe:        "Mir zuweisen",
		KTransfer:          "Weiterleiten",
		KTransferTo:        "Weiterleiten an",
		KTransferSite:      "Nächste verfügbare Person",
		KTransferAgent:     "Mitarbeitende",
		KTransferTeam:      "Teams",
		KTransferNote:      "Notiz für die Kollegin oder den Kollegen (nur für Mitarbeitende)",
		KTransferDo:        "Weiterleiten",
		KEscalate:          "Eskalieren",
		KEscalateNote:      "Warum? (für die Admins)",
		KEscalateDo:        "An die Admins eskalieren",
		KAgentLoad:         "%s — %s, %d/%d",
		KEscalationTitle:   "Eskaliert: %s",
		KEscalationWaited:  "Die Kundin oder der Kunde wartet zu lange auf eine Antwort.",
		KRoutingSettings:   "Verteilung",
		KTeams:             "Teams",
		KTeamNew:           "Neues Team",
		KTeamName:          "Name des Teams",
		KTeamMembers:       "Mitglieder",
		KTeamDelete:        "Team löschen",
		KTeamsEmpty:        "Noch keine Teams: alle Mitarbeitenden der Website bekommen alle Gespräche.",
		KRules:             "Regeln (die erste passende schickt das Gespräch an ihr Team)",
		KRuleField:         "Wenn",
		KRulePattern:       "Passt auf",
		KRuleAdd:           "Regel hinzufügen",
		KRuleRemove:        "Regel %d entfernen",
		KRuleURL:           "Seiten-URL (* für beliebiges)",
		KRuleLang:          "Sprache der Seite",
		KRuleTopic:         "Thema des Formulars",
		KEscalateAfter:     "An die Admins eskalieren nach einer Wartezeit von (Minuten, 0: nie)",
		KEscalateAfterHint: "Gezählt ab der ersten unbeantworteten Nachricht.",
		KPreChat:           "Formular vor dem Chat",
		KPreChatOn:         "Vor der ersten Nachricht nach Name, E-Mail und Thema fragen",
		KPreChatTopics:     "Themen, eines pro Zeile",
		KCapacities:        "Gleichzeitige Gespräche pro Person",
		KCapacity:          "Kapazität von %s",
		KSave:              "Speichern",
		KSaved:             "Gespeichert.",
	},
}

func init() {
	for lang, table := range routingCatalogue {
		for k, v := range table {
			catalogue[lang][k] = v
		}
	}
}
