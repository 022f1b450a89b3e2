package ui

import (
	"testing"

	"github.com/comptoir/comptoir/wire"
)

func TestQueueText(t *testing.T) {
	for _, tc := range []struct {
		lang         string
		pos, minutes int
		want         string
	}{
		{"en", 2, 3, "All our agents are busy. You are 2nd in line. The wait is usually under 3 minutes."},
		{"en", 1, 1, "All our agents are busy. You are next in line. The wait is usually under 1 minute."},
		{"en", 12, 0, "All our agents are busy. You are 12th in line."},
		{"en", 23, 0, "All our agents are busy. You are 23rd in line."},
		{"fr", 2, 3, "Tous nos conseillers sont occupés. Vous êtes 2e dans la file d’attente. L’attente est généralement de moins de 3 minutes."},
		{"de", 3, 1, "Alle Mitarbeitenden sind im Gespräch. Sie sind an 3. Stelle in der Warteschlange. Die Wartezeit beträgt meist weniger als 1 Minute."},
		{"es", 1, 5, "Todos nuestros agentes están ocupados. Ocupa el puesto 1 en la cola. La espera suele ser de menos de 5 minutos."},
		{"it", 4, 1, "Tutti i nostri operatori sono occupati. È al 4° posto in coda. Di solito l’attesa è inferiore a 1 minuto."},
		{"it", 1, 2, "Tutti i nostri operatori sono occupati. È il primo in coda. Di solito l’attesa è inferiore a 2 minuti."},
	} {
		if got := QueueText(tc.lang, tc.pos, tc.minutes); got != tc.want {
			t.Errorf("QueueText(%s, %d, %d) = %q\nwant %q", tc.lang, tc.pos, tc.minutes, got, tc.want)
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
