package ui

import (
	"strings"
	"testing"

	"github.com/comptoir/comptoir/wire"
)

func TestInboxFilter(t *testing.T) {
	rows := []wire.Conversation{
		{ID: "1", Site: "1", SiteName: "Atelier", Status: wire.StatusOpen, Assignee: "7", Labels: []string{"vip"}},
		{ID: "2", Site: "1", SiteName: "Atelier", Status: wire.StatusPending, Team: "t1", Reason: "refund"},
		{ID: "3", Site: "2", SiteName: "Boutique", Status: wire.StatusOpen, Assignee: "8", Team: "t2", Labels: []string{"vip", "gift"}},
		{ID: "4", Site: "2", SiteName: "Boutique", Status: wire.StatusResolved, Assignee: "7", Reason: "refund"},
		{ID: "5", Site: "2", SiteName: "Boutique", Status: wire.StatusAwaiting, Reason: "delivery"},
	}
	for _, tc := range []struct {
		name string
		f    InboxFilter
		want string
	}{
		{"the default is everything still to do", InboxFilter{}, "1,2,3,5"},
		{"mine is what is assigned to me", InboxFilter{View: ViewMine}, "1"},
		{"mine with any status includes my resolved ones", InboxFilter{View: ViewMine, Status: StatusAny}, "1,4"},
		{"unassigned is what nobody has", InboxFilter{View: ViewUnassigned}, "2,5"},
		{"one status", InboxFilter{Status: StatusPending}, "2"},
		{"one site", InboxFilter{Site: "2"}, "3,5"},
		{"every choice at once", InboxFilter{View: ViewUnassigned, Status: StatusAwaiting, Site: "2", Reason: "delivery"}, "5"},
		{"nothing matches", InboxFilter{View: ViewMine, Site: "2"}, ""},
		{"awaiting the shopper is still to do", InboxFilter{Status: StatusAwaiting}, "5"},
		{"a label", InboxFilter{Label: "vip"}, "1,3"},
		{"a complaint reason, whatever the status", InboxFilter{Reason: "refund", Status: StatusAny}, "2,4"},
		{"label and reason together", InboxFilter{Label: "vip", Reason: "refund"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(tc.f.Apply(rows, Viewer{ID: "7"})); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("tab counts follow the other choices", func(t *testing.T) {
		got := InboxFilter{View: ViewMine}.ViewCounts(rows, Viewer{ID: "7"})
		if got[ViewAll] != 4 || got[ViewMine] != 1 || got[ViewUnassigned] != 2 {
			t.Fatalf("counts %v", got)
		}
		got = InboxFilter{Site: "1", Status: StatusAny}.ViewCounts(rows, Viewer{ID: "7"})
		if got[ViewAll] != 2 || got[ViewMine] != 1 || got[ViewUnassigned] != 1 {
			t.Fatalf("site 1 counts %v", got)
		}
	})
	t.Run("team is what is routed to one of my teams", func(t *testing.T) {
		me := Viewer{ID: "7", Teams: map[string]bool{"t1": true}}
		if got := ids(InboxFilter{View: ViewTeam}.Apply(rows, me)); got != "2" {
			t.Fatalf("team view %q", got)
		}
		if got := ids(InboxFilter{View: ViewTeam}.Apply(rows, Viewer{ID: "7"})); got != "" {
			t.Fatalf("no team: %q", got)
		}
	})
	t.Run("the labels and reasons to choose from", func(t *testing.T) {
		if got := strings.Join(LabelsIn(rows), ","); got != "gift,vip" {
			t.Fatalf("labels %q", got)
		}
		if got := strings.Join(ReasonsIn(rows), ","); got != "delivery,refund" {
			t.Fatalf("reasons %q", got)
		}
	})
	t.Run("an agent with no id owns nothing", func(t *testing.T) {
		if got := ids(InboxFilter{View: ViewMine}.Apply(append(rows, wire.Conversation{ID: "9"}), Viewer{})); got != "" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("the sites of the inbox, by name, once each", func(t *testing.T) {
		got := SitesIn(append(rows, wire.Conversation{ID: "6", Site: "3"}))
		var names []string
		for _, s := range got {
			names = append(names, s.ID+"="+s.Name)
		}
		if strings.Join(names, ",") != "3=#3,1=Atelier,2=Boutique" {
			t.Fatalf("sites %v", names)
		}
	})
}

func TestMoveCursor(t *testing.T) {
	list := []string{"a", "b", "c"}
	for _, tc := range []struct {
		cur   string
		delta int
		want  string
	}{
		{"", 1, "a"}, {"", -1, "c"}, {"a", 1, "b"}, {"b", -1, "a"},
		{"c", 1, "c"}, {"a", -1, "a"}, {"gone", 1, "a"},
	} {
		if got := MoveCursor(list, tc.cur, tc.delta); got != tc.want {
			t.Errorf("MoveCursor(%q, %d) = %q, want %q", tc.cur, tc.delta, got, tc.want)
		}
	}
	if got := MoveCursor(nil, "a", 1); got != "" {
		t.Errorf("empty list: %q", got)
	}
}

func TestShortcutDispatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		k    KeyPress
		help bool
		want Shortcut
	}{
		{"j is next", KeyPress{Key: "j"}, false, ScNext},
		{"k is previous", KeyPress{Key: "k"}, false, ScPrev},
		{"Enter opens", KeyPress{Key: "Enter"}, false, ScOpen},
		{"Enter on a focused button is the button's", KeyPress{Key: "Enter", OnControl: true}, false, ScNone},
		{"r replies", KeyPress{Key: "r"}, false, ScReply},
		{"e resolves", KeyPress{Key: "e"}, false, ScResolve},
		{"Escape goes back", KeyPress{Key: "Escape"}, false, ScBack},
		{"? shows the help", KeyPress{Key: "?"}, false, ScHelp},
		{"/ goes to search", KeyPress{Key: "/"}, false, ScSearch},
		{"with Caps Lock too", KeyPress{Key: "J"}, false, ScNext},
		{"typing j in a field is typing", KeyPress{Key: "j", InField: true}, false, ScNone},
		{"typing / in a field is typing", KeyPress{Key: "/", InField: true}, false, ScNone},
		{"Escape in a field is the field's", KeyPress{Key: "Escape", InField: true}, false, ScNone},
		{"Ctrl+r reloads the page, not replies", KeyPress{Key: "r", Ctrl: true}, false, ScNone},
		{"Cmd+e is the browser's", KeyPress{Key: "e", Meta: true}, false, ScNone},
		{"Alt+j is the system's", KeyPress{Key: "j", Alt: true}, false, ScNone},
		{"a key of an input method's composition", KeyPress{Key: "e", Composing: true}, false, ScNone},
		{"other keys do nothing", KeyPress{Key: "x"}, false, ScNone},
		{"with the help open, Escape closes it", KeyPress{Key: "Escape"}, true, ScHelp},
		{"with the help open, ? closes it", KeyPress{Key: "?"}, true, ScHelp},
		{"with the help open, j does nothing", KeyPress{Key: "j"}, true, ScNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ShortcutFor(tc.k, tc.help); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("the help lists every shortcut in every language", func(t *testing.T) {
		for _, l := range Languages {
			for _, s := range ShortcutHelp {
				if text := Lang(l).T(s.What); text == "" || text == string(s.What) {
					t.Errorf("%s: no text for %s", l, s.What)
				}
			}
		}
	})
}
