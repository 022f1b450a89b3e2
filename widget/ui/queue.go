package ui

import (
	"strconv"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The shopper's place in line while every agent is busy (queue frames,
// docs/routing.md): "All our agents are busy. You are 2nd in line. The
// wait is usually under 3 minutes."

// onQueue keeps a conversation's place in line; position 0: an agent has it.
func (c *Chat) onQueue(f wire.Frame) {
	if f.Queue == nil {
		return
	}
	if c.queue == nil {
		c.queue = map[string]wire.QueueInfo{}
	}
	c.queue[f.Conv] = *f.Queue
}

// renderQueue draws the place in line of the conversation on screen, in a
// polite live region so that a screen reader hears it move.
func (c *Chat) renderQueue() app.UI {
	slot := app.Div().Class("cpt-queue-slot").Attr("role", "status")
	q, ok := c.placeInLine()
	if !ok {
		return slot
	}
	return slot.Body(app.P().Class("cpt-queue").Text(QueueText(c.lang, q)))
}

// placeInLine is the place in line to show for the conversation on screen.
// None outside office hours: the away notice already says when the team is
// back, and "next in line, usually under 3 minutes" would promise an answer
// nobody is there to give.
func (c *Chat) placeInLine() (wire.QueueInfo, bool) {
	q := c.queue[c.conv]
	if q.Position <= 0 || c.conv == "" || !c.off.avail.Open {
		return wire.QueueInfo{}, false
	}
	return q, true
}

// QueueText says a place in line and, when known, the usual wait, in lang.
// A rounded place (far back in a long line) is said as "fewer than N
// ahead": N is rounded up, so that is true.
func QueueText(lang string, q wire.QueueInfo) string {
	position, minutes := q.Position, q.UsualWaitMinutes
	n := strconv.Itoa(position)
	var busy, place, about, wait string
	plural := minutes != 1
	m := strconv.Itoa(minutes)
	switch lang {
	case "fr":
		busy = "Tous nos conseillers sont occupés. "
		place = "Vous êtes " + n + "e dans la file d’attente."
		if position == 1 {
			place = "Vous êtes en tête de file."
		}
		about = "Moins de " + n + " personnes sont devant vous."
		wait = " L’attente est généralement de moins de " + m + " minute" + s(plural, "s") + "."
	case "de":
		busy = "Alle Mitarbeitenden sind im Gespräch. "
		place = "Sie sind an " + n + ". Stelle in der Warteschlange."
		if position == 1 {
			place = "Sie sind als Nächstes dran."
		}
		about = "Vor Ihnen sind weniger als " + n + " Personen."
		wait = " Die Wartezeit beträgt meist weniger als " + m + " Minute" + s(plural, "n") + "."
	case "es":
		busy = "Todos nuestros agentes están ocupados. "
		place = "Ocupa el puesto " + n + " en la cola."
		about = "Hay menos de " + n + " personas delante de usted."
		wait = " La espera suele ser de menos de " + m + " minuto" + s(plural, "s") + "."
	case "it":
		busy = "Tutti i nostri operatori sono occupati. "
		place = "È al " + n + "° posto in coda."
		if position == 1 {
			place = "È il primo in coda."
		}
		about = "Ci sono meno di " + n + " persone prima di Lei."
		wait = " Di solito l’attesa è inferiore a " + m + " minut" + s(plural, "i") + s(!plural, "o") + "."
	default:
		busy = "All our agents are busy. "
		place = "You are " + n + ordinalSuffix(position) + " in line."
		if position == 1 {
			place = "You are next in line."
		}
		about = "Fewer than " + n + " people are ahead of you."
		wait = " The wait is usually under " + m + " minute" + s(plural, "s") + "."
	}
	if q.Approximate {
		place = about
	}
	if minutes <= 0 {
		wait = ""
	}
	return busy + place + wait
}

func s(cond bool, suffix string) string {
	if cond {
		return suffix
	}
	return ""
}

// ordinalSuffix is English: 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.
func ordinalSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}
