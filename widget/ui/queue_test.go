package ui

import (
	"testing"

	"github.com/comptoir/comptoir/wire"
)

func TestQueueText(t *testing.T) {
	for _, tc := range []struct {
		lang         string
		pos, minutes int
		about        bool
		want         string
	}{
		{"en", 2, 3, false, "All our agents are busy. You are 2nd in line. The wait is usually under 3 minutes."},
		{"en", 1, 1, false, "All our agents are busy. You are next in line. The wait is usually under 1 minute."},
		{"en", 12, 0, false, "All our agents are busy. You are 12th in line."},
		{"en", 23, 0, false, "All our agents are busy. You are 23rd in line."},
		{"fr", 2, 3, false, "Tous nos conseillers sont occupés. Vous êtes 2e dans la file d’attente. L’attente est généralement de moins de 3 minutes."},
		{"de", 3, 1, false, "Alle Mitarbeitenden sind im Gespräch. Sie sind an 3. Stelle in der Warteschlange. Die Wartezeit beträgt meist weniger als 1 Minute."},
		{"es", 1, 5, false, "Todos nuestros agentes están ocupados. Ocupa el puesto 1 en la cola. La espera suele ser de menos de 5 minutos."},
		{"it", 4, 1, false, "Tutti i nostri operatori sono occupati. È al 4° posto in coda. Di solito l’attesa è inferiore a 1 minuto."},
		{"it", 1, 2, false, "Tutti i nostri operatori sono occupati. È il primo in coda. Di solito l’attesa è inferiore a 2 minuti."},
		// Far back in a long line the place is rounded up: "fewer than".
		{"en", 2000, 9, true, "All our agents are busy. Fewer than 2000 people are ahead of you. The wait is usually under 9 minutes."},
		{"fr", 300, 0, true, "Tous nos conseillers sont occupés. Moins de 300 personnes sont devant vous."},
		{"de", 40, 2, true, "Alle Mitarbeitenden sind im Gespräch. Vor Ihnen sind weniger als 40 Personen. Die Wartezeit beträgt meist weniger als 2 Minuten."},
		{"es", 100, 0, true, "Todos nuestros agentes están ocupados. Hay menos de 100 personas delante de usted."},
		{"it", 5000, 1, true, "Tutti i nostri operatori sono occupati. Ci sono meno di 5000 persone prima di Lei. Di solito l’attesa è inferiore a 1 minuto."},
	} {
		q := wire.QueueInfo{Position: tc.pos, UsualWaitMinutes: tc.minutes, Approximate: tc.about}
		if got := QueueText(tc.lang, q); got != tc.want {
			t.Errorf("QueueText(%s, %+v) = %q\nwant %q", tc.lang, q, got, tc.want)
		}
	}
}

func TestPlaceInLineIsNotShownWhileTheTeamIsAway(t *testing.T) {
	c := &Chat{conv: "7", queue: map[string]wire.QueueInfo{"7": {Position: 2, UsualWaitMinutes: 3}}}
	c.off.avail = wire.Availability{Open: true}
	if q, ok := c.placeInLine(); !ok || q.Position != 2 {
		t.Fatalf("during office hours: %+v %v, want 2nd in line shown", q, ok)
	}
	c.off.avail = wire.Availability{Open: false}
	if q, ok := c.placeInLine(); ok {
		t.Fatalf("outside office hours: %+v shown, want the away notice alone", q)
	}
	c.off.avail = wire.Availability{Open: true}
	c.conv = "8"
	if q, ok := c.placeInLine(); ok {
		t.Fatalf("another conversation on screen: %+v shown", q)
	}
}
