package ui

import "time"

// RelTime says how long ago t was, relative to now, in a few characters:
// "now", "5 min", "3 h", "2 d", then the date. now is passed in so that the
// text is testable and one render uses one clock reading.
func RelTime(l Lang, now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return l.T(KNow)
	case d < time.Hour:
		return l.F(KMinutes, int(d/time.Minute))
	case d < 24*time.Hour:
		return l.F(KHours, int(d/time.Hour))
	case d < 7*24*time.Hour:
		return l.F(KDays, int(d/(24*time.Hour)))
	default:
		return t.Local().Format("2006-01-02")
	}
}

// ClockTime is a message's time of day, "15:04", or its date and time when
// it is not from today.
func ClockTime(now, t time.Time) string {
	t = t.Local()
	now = now.Local()
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// Millis turns a wire time (Unix milliseconds) into a time.Time.
func Millis(ms int64) time.Time { return time.UnixMilli(ms) }
