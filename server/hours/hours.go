// Package hours answers "is the team in at t, and if not, when is it back?"
// for a site's office hours: a weekly schedule in an IANA time zone, with
// holidays. It is pure (the time is an argument), so tests pass any instant:
// across daylight-saving changes, midnight and holidays.
package hours

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	// The time zone database is compiled in, so a bare machine or a
	// scratch container knows Europe/Paris.
	_ "time/tzdata"

	"github.com/comptoir/comptoir/wire"
)

// Limits on a schedule, so that one site cannot make every check slow.
const (
	MaxRangesPerDay = 6
	MaxHolidays     = 400
	// horizon is how far ahead the next opening is looked for: a year of
	// holidays plus a week.
	horizon = 400
)

// span is one opening range of a day, in minutes after midnight (end may
// be 1440: midnight at the end of the day).
type span struct{ from, to int }

// Schedule is a parsed, valid OfficeHours.
type Schedule struct {
	loc      *time.Location
	week     [7][]span // indexed by time.Weekday (Sunday = 0)
	holidays map[string]bool
	always   bool
}

// AlwaysOpen is the schedule of a site without office hours.
var AlwaysOpen = Schedule{always: true}

// Parse checks office hours and returns their schedule. The error names
// the bad field in words an admin can act on. An empty week is always open.
func Parse(h wire.OfficeHours) (Schedule, error) {
	empty := true
	for _, ranges := range h.Week {
		if len(ranges) > 0 {
			empty = false
		}
	}
	s := Schedule{holidays: map[string]bool{}}
	for day := range h.Week {
		if !slices.Contains(wire.WeekDays, day) {
			return s, fmt.Errorf("week: %q is not a day; use mon, tue, wed, thu, fri, sat, sun", day)
		}
	}
	if h.TimeZone == "" {
		if !empty {
			return s, fmt.Errorf("timeZone is required with a week, e.g. Europe/Paris")
		}
	} else {
		// LoadLocation also accepts "Local" and "", which would depend on
		// the server's machine: only real IANA names are taken.
		loc, err := time.LoadLocation(h.TimeZone)
		if err != nil || h.TimeZone == "Local" || len(h.TimeZone) > 64 {
			return s, fmt.Errorf("timeZone: %q is not an IANA time zone such as Europe/Paris or America/New_York", h.TimeZone)
		}
		s.loc = loc
	}
	for i, day := range wire.WeekDays {
		ranges := h.Week[day]
		if len(ranges) > MaxRangesPerDay {
			return s, fmt.Errorf("week.%s: at most %d ranges a day", day, MaxRangesPerDay)
		}
		var spans []span
		for _, r := range ranges {
			sp, err := parseRange(r)
			if err != nil {
				return s, fmt.Errorf("week.%s: %w", day, err)
			}
			if n := len(spans); n > 0 && sp.from < spans[n-1].to {
				return s, fmt.Errorf("week.%s: %q starts before the previous range ends; list ranges in order without overlap", day, r)
			}
			spans = append(spans, sp)
		}
		s.week[(i+1)%7] = spans // WeekDays starts on Monday, time.Weekday on Sunday
	}
	if len(h.Holidays) > MaxHolidays {
		return s, fmt.Errorf("holidays: at most %d dates", MaxHolidays)
	}
	for _, d := range h.Holidays {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return s, fmt.Errorf("holidays: %q is not a date like 2026-12-25", d)
		}
		s.holidays[d] = true
	}
	s.always = empty
	return s, nil
}

// parseRange reads "09:00-17:30".
func parseRange(r string) (span, error) {
	from, to, ok := strings.Cut(r, "-")
	a, errA := clock(strings.TrimSpace(from))
	b, errB := clock(strings.TrimSpace(to))
	if !ok || errA != nil || errB != nil || a == 24*60 {
		return span{}, fmt.Errorf("%q is not a range like 09:00-17:30 (24-hour clock, 24:00 for midnight at the end)", r)
	}
	if a >= b {
		return span{}, fmt.Errorf("%q ends before it starts; for hours past midnight, end this day at 24:00 and start the next at 00:00", r)
	}
	return span{a, b}, nil
}

// clock reads "HH:MM" as minutes after midnight; "24:00" is 1440.
func clock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, fmt.Errorf("bad time")
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad time")
	}
	return hh*60 + mm, nil
}

// At says whether the team is in at t, and when that changes: the closing
// time when open, the next opening when closed. next is zero when it never
// changes (always open, or no opening within a year).
func (s Schedule) At(t time.Time) (open bool, next time.Time) {
	if s.always {
		return true, time.Time{}
	}
	local := t.In(s.loc)
	y, m, d := local.Date()
	// Walk the opening intervals in time order from the start of t's day,
	// merging those that touch (Monday until 24:00, Tuesday from 00:00).
	var cur struct{ from, to time.Time }
	have := false
	for i := 0; i < horizon; i++ {
		day := time.Date(y, m, d+i, 0, 0, 0, 0, s.loc)
		if s.holidays[day.Format(time.DateOnly)] {
			continue
		}
		for _, sp := range s.week[day.Weekday()] {
			from := at(day, sp.from, s.loc)
			to := at(day, sp.to, s.loc)
			if !to.After(from) {
				continue // a range swallowed by a daylight-saving jump
			}
			if have && !from.After(cur.to) {
				if to.After(cur.to) {
					cur.to = to
				}
				continue
			}
			if have && cur.to.After(t) {
				return !cur.from.After(t), edge(cur.from, cur.to, t)
			}
			cur.from, cur.to, have = from, to, true
		}
	}
	if have && cur.to.After(t) {
		if !cur.from.After(t) {
			return true, time.Time{} // open for the whole horizon
		}
		return false, cur.from
	}
	return false, time.Time{}
}

// edge is the next change of an interval relative to t.
func edge(from, to, t time.Time) time.Time {
	if from.After(t) {
		return from
	}
	return to
}

// at is minute min of day in loc; 1440 is the next midnight.
func at(day time.Time, min int, loc *time.Location) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, min/60, min%60, 0, 0, loc)
}

// Availability is At for the wire: BackAt only when closed.
func (s Schedule) Availability(t time.Time) wire.Availability {
	open, next := s.At(t)
	a := wire.Availability{Open: open}
	if !open && !next.IsZero() {
		a.BackAt = next.UnixMilli()
	}
	return a
}
