package ui

// UI text of the office-hours panel (hours_admin.go), in the five
// languages; init merges it into the catalogue, whose completeness test
// covers it too.

// Keys of the office-hours text.
const (
	KOfficeHours    Key = "hours.title"
	KHoursSite      Key = "hours.site"
	KHoursZone      Key = "hours.zone"
	KHoursZoneHint  Key = "hours.zone.hint"
	KHoursWeek      Key = "hours.week"
	KHoursWeekHint  Key = "hours.week.hint"
	KHoursHolidays  Key = "hours.holidays"
	KHoursHolHint   Key = "hours.holidays.hint"
	KHoursSave      Key = "hours.save"
	KHoursSaved     Key = "hours.saved"
	KHoursOpenNow   Key = "hours.open"
	KHoursClosedNow Key = "hours.closed"
	KHoursNeverBack Key = "hours.never"
	KHoursAlways    Key = "hours.always"
)

var hoursCatalogue = map[string]map[Key]string{
	"en": {
		KOfficeHours:    "Office hours",
		KHoursSite:      "Website",
		KHoursZone:      "Time zone",
		KHoursZoneHint:  "An IANA name such as Europe/Paris or America/New_York.",
		KHoursWeek:      "Opening hours",
		KHoursWeekHint:  "Ranges such as 09:00-12:30, 14:00-18:00. An empty day is closed; with every day empty the team counts as always in.",
		KHoursHolidays:  "Holidays",
		KHoursHolHint:   "Closed all day; one date per line, such as 2026-12-25.",
		KHoursSave:      "Save office hours",
		KHoursSaved:     "Office hours saved.",
		KHoursOpenNow:   "Shoppers see the team as in now.",
		KHoursClosedNow: "Shoppers see the team as away now, back %s.",
		KHoursNeverBack: "Shoppers see the team as away now, with no opening ahead.",
		KHoursAlways:    "No office hours: the team counts as always in.",
	},
	"fr": {
		KOfficeHours:    "Horaires",
		KHoursSite:      "Site",
		KHoursZone:      "Fuseau horaire",
		KHoursZoneHint:  "Un nom IANA comme Europe/Paris ou America/New_York.",
		KHoursWeek:      "Heures d’ouverture",
		KHoursWeekHint:  "Des plages comme 09:00-12:30, 14:00-18:00. Un jour vide est fermé ; si tous les jours sont vides, l’équipe est toujours présente.",
		KHoursHolidays:  "Jours fériés",
		KHoursHolHint:   "Fermé toute la journée ; une date par ligne, comme 2026-12-25.",
		KHoursSave:      "Enregistrer les horaires",
		KHoursSaved:     "Horaires enregistrés.",
		KHoursOpenNow:   "Les clients voient l’équipe présente en ce moment.",
		KHoursClosedNow: "Les clients voient l’équipe absente en ce moment, de retour %s.",
		KHoursNeverBack: "Les clients voient l’équipe absente, sans ouverture prévue.",
		KHoursAlways:    "Pas d’horaires : l’équipe est toujours présente.",
	},
	"it": {
		KOfficeHours:    "Orari",
		KHoursSite:      "Sito",
		KHoursZone:      "Fuso orario",
		KHoursZoneHint:  "Un nome IANA come Europe/Rome o America/New_York.",
		KHoursWeek:      "Orari di apertura",
		KHoursWeekHint:  "Fasce come 09:00-12:30, 14:00-18:00. Un giorno vuoto è chiuso; con tutti i giorni vuoti il team risulta sempre presente.",
		KHoursHolidays:  "Festività",
		KHoursHolHint:   "Chiuso tutto il giorno; una data per riga, come 2026-12-25.",
		KHoursSave:      "Salva gli orari",
		KHoursSaved:     "Orari salvati.",
		KHoursOpenNow:   "I clienti vedono il team presente ora.",
		KHoursClosedNow: "I clienti vedono il team assente ora, di ritorno %s.",
		KHoursNeverBack: "I clienti vedono il team assente, senza aperture previste.",
		KHoursAlways:    "Nessun orario: il team risulta sempre presente.",
	},
	"es": {
		KOfficeHours:    "Horario",
		KHoursSite:      "Sitio",
		KHoursZone:      "Zona horaria",
		KHoursZoneHint:  "Un nombre IANA como Europe/Madrid o America/New_York.",
		KHoursWeek:      "Horario de apertura",
		KHoursWeekHint:  "Franjas como 09:00-12:30, 14:00-18:00. Un día vacío está cerrado; con todos los días vacíos el equipo está siempre disponible.",
		KHoursHolidays:  "Festivos",
		KHoursHolHint:   "Cerrado todo el día; una fecha por línea, como 2026-12-25.",
		KHoursSave:      "Guardar el horario",
		KHoursSaved:     "Horario guardado.",
		KHoursOpenNow:   "Los clientes ven al equipo disponible ahora.",
		KHoursClosedNow: "Los clientes ven al equipo ausente ahora, de vuelta %s.",
		KHoursNeverBack: "Los clientes ven al equipo ausente, sin apertura prevista.",
		KHoursAlways:    "Sin horario: el equipo está siempre disponible.",
	},
	"de": {
		KOfficeHours:    "Öffnungszeiten",
		KHoursSite:      "Website",
		KHoursZone:      "Zeitzone",
		KHoursZoneHint:  "Ein IANA-Name wie Europe/Berlin oder America/New_York.",
		KHoursWeek:      "Öffnungszeiten pro Tag",
		KHoursWeekHint:  "Zeiträume wie 09:00-12:30, 14:00-18:00. Ein leerer Tag ist geschlossen; sind alle Tage leer, gilt das Team als immer da.",
		KHoursHolidays:  "Feiertage",
		KHoursHolHint:   "Ganztägig geschlossen; ein Datum pro Zeile, z. B. 2026-12-25.",
		KHoursSave:      "Öffnungszeiten speichern",
		KHoursSaved:     "Öffnungszeiten gespeichert.",
		KHoursOpenNow:   "Kunden sehen das Team jetzt als anwesend.",
		KHoursClosedNow: "Kunden sehen das Team jetzt als abwesend, zurück %s.",
		KHoursNeverBack: "Kunden sehen das Team als abwesend, ohne geplante Öffnung.",
		KHoursAlways:    "Keine Öffnungszeiten: Das Team gilt als immer da.",
	},
}

func init() {
	for lang, table := range hoursCatalogue {
		for k, v := range table {
			catalogue[lang][k] = v
		}
	}
}
