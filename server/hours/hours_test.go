package hours

import (
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/wire"
)

func mustParse(t *testing.T, h wire.OfficeHours) Schedule {
	t.Helper()
	s, err := Parse(h)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func weekdays(ranges ...string) map[string][]string {
	w := map[string][]string{}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		w[d] = ranges
	}
	return w
}

func TestAt(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	newYork, _ := time.LoadLocation("America/New_York")
	office := mustParse(t, wire.OfficeHours{TimeZone: "Europe/Paris", Week: weekdays("09:00-12:30", "14:00-18:00"), Holidays: []string{"2026-12-25"}})
	cases := []struct {
		name     string
		s        Schedule
		at       time.Time
		open     bool
		next     time.Time
		nextZero bool
	}{
		{"inside a morning range it is open until the lunch break", office,
			time.Date(2026, 11, 23, 10, 0, 0, 0, paris), true, time.Date(2026, 11, 23, 12, 30, 0, 0, paris), false},
		{"at lunch it is closed until the afternoon", office,
			time.Date(2026, 11, 23, 12, 30, 0, 0, paris), false, time.Date(2026, 11, 23, 14, 0, 0, 0, paris), false},
		{"the opening minute itself is open", office,
			time.Date(2026, 11, 23, 9, 0, 0, 0, paris), true, time.Date(2026, 11, 23, 12, 30, 0, 0, paris), false},
		{"friday evening is closed until monday morning", office,
			time.Date(2026, 11, 27, 19, 0, 0, 0, paris), false, time.Date(2026, 11, 30, 9, 0, 0, 0, paris), false},
		{"a holiday is closed all day; the next opening skips it", office,
			time.Date(2026, 12, 24, 20, 0, 0, 0, paris), false, time.Date(2026, 12, 28, 9, 0, 0, 0, paris), false},
		{"the instant is read in the site's zone, not the caller's", office,
			time.Date(2026, 11, 23, 4, 0, 0, 0, newYork) /* 10:00 in Paris */, true, time.Date(2026, 11, 23, 12, 30, 0, 0, paris), false},
		{"an empty schedule is always open", mustParse(t, wire.OfficeHours{}),
			time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC), true, time.Time{}, true},
		{"a schedule with no range at all is always open even with a zone", mustParse(t, wire.OfficeHours{TimeZone: "Europe/Paris", Week: map[string][]string{"mon": {}}}),
			time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC), true, time.Time{}, true},
		{"ranges that meet at midnight are one opening", mustParse(t, wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"mon": {"22:00-24:00"}, "tue": {"00:00-02:00"}}}),
			time.Date(2026, 11, 23, 23, 0, 0, 0, time.UTC), true, time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC), false},
		{"just after midnight the opening that started the day before goes on", mustParse(t, wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"mon": {"22:00-24:00"}, "tue": {"00:00-02:00"}}}),
			time.Date(2026, 11, 24, 0, 30, 0, 0, time.UTC), true, time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC), false},
		{"an all-week 00:00-24:00 schedule never closes", mustParse(t, wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"mon": {"00:00-24:00"}, "tue": {"00:00-24:00"}, "wed": {"00:00-24:00"}, "thu": {"00:00-24:00"}, "fri": {"00:00-24:00"}, "sat": {"00:00-24:00"}, "sun": {"00:00-24:00"}}}),
			time.Date(2026, 11, 24, 0, 30, 0, 0, time.UTC), true, time.Time{}, true},
		// Europe/Paris goes from +01:00 to +02:00 on Sunday 2026-03-29 at 02:00.
		{"across the spring daylight-saving change, monday 9:00 is 07:00 UTC", office,
			time.Date(2026, 3, 27, 19, 0, 0, 0, paris), false, time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC), false},
		// and back to +01:00 on Sunday 2026-10-25 at 03:00.
		{"across the autumn change, monday 9:00 is 08:00 UTC", office,
			time.Date(2026, 10, 23, 19, 0, 0, 0, paris), false, time.Date(2026, 10, 26, 8, 0, 0, 0, time.UTC), false},
		{"a range on the day of the change lasts its wall-clock hours", mustParse(t, wire.OfficeHours{TimeZone: "Europe/Paris", Week: map[string][]string{"sun": {"01:00-05:00"}}}),
			time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC) /* 01:30 +01:00 */, true, time.Date(2026, 3, 29, 3, 0, 0, 0, time.UTC) /* 05:00 +02:00 */, false},
		{"a schedule open one day a week waits for that day", mustParse(t, wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"mon": {"09:00-10:00"}}, Holidays: []string{}}),
			time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC), false, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			open, next := c.s.At(c.at)
			if open != c.open {
				t.Errorf("open = %v, want %v", open, c.open)
			}
			if c.nextZero {
				if !next.IsZero() {
					t.Errorf("next = %v, want none", next)
				}
			} else if !next.Equal(c.next) {
				t.Errorf("next = %v, want %v", next, c.next)
			}
		})
	}
}

func TestAvailability(t *testing.T) {
	s := mustParse(t, wire.OfficeHours{TimeZone: "UTC", Week: weekdays("09:00-17:00")})
	sat := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	if a := s.Availability(sat); a.Open || a.BackAt != time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC).UnixMilli() {
		t.Fatalf("saturday: %+v", a)
	}
	if a := s.Availability(sat.AddDate(0, 0, 2)); !a.Open || a.BackAt != 0 {
		t.Fatalf("monday noon: %+v", a)
	}
	if a := AlwaysOpen.Availability(sat); !a.Open {
		t.Fatalf("always open: %+v", a)
	}
}

func TestParseRefusesWithReasons(t *testing.T) {
	cases := []struct {
		name string
		h    wire.OfficeHours
		want string
	}{
		{"unknown zone", wire.OfficeHours{TimeZone: "Mars/Olympus", Week: weekdays("09:00-17:00")}, "timeZone"},
		{"Local is not a zone", wire.OfficeHours{TimeZone: "Local", Week: weekdays("09:00-17:00")}, "timeZone"},
		{"a week needs a zone", wire.OfficeHours{Week: weekdays("09:00-17:00")}, "timeZone is required"},
		{"unknown day", wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"monday": {"09:00-17:00"}}}, `"monday" is not a day`},
		{"range backwards", wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"mon": {"18:00-09:00"}}}, "week.mon: \"18:00-09:00\" ends before it starts"},
		{"range not a range", wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"tue": {"9-5"}}}, "week.tue"},
		{"minutes past 59", wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"tue": {"09:60-10:00"}}}, "week.tue"},
		{"overlap", wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"wed": {"09:00-12:00", "11:00-13:00"}}}, "overlap"},
		{"too many ranges", wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"wed": {"01:00-02:00", "03:00-04:00", "05:00-06:00", "07:00-08:00", "09:00-10:00", "11:00-12:00", "13:00-14:00"}}}, "at most 6"},
		{"bad holiday", wire.OfficeHours{TimeZone: "UTC", Week: weekdays("09:00-17:00"), Holidays: []string{"25/12/2026"}}, "holidays"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.h)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestNoOpeningAheadIsClosedWithoutABackTime(t *testing.T) {
	start := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC) // a Monday
	var mondays []string
	for d := start; d.Before(start.AddDate(0, 0, horizon+7)); d = d.AddDate(0, 0, 7) {
		mondays = append(mondays, d.Format(time.DateOnly))
	}
	s := mustParse(t, wire.OfficeHours{TimeZone: "UTC", Week: map[string][]string{"mon": {"09:00-17:00"}}, Holidays: mondays})
	open, next := s.At(start.Add(-time.Hour))
	if open || !next.IsZero() {
		t.Fatalf("open %v next %v", open, next)
	}
	if a := s.Availability(start); a.Open || a.BackAt != 0 {
		t.Fatalf("%+v", a)
	}
}
