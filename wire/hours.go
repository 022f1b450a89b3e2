package wire

// Frame types of office hours and email (see frames.go for the others).
const (
	// TypeTranscript, visitor → server: email me conversation conv (to
	// contact.email when given, which is then saved); server → visitor:
	// the transcript is queued.
	TypeTranscript = "transcript"
	// TypeAvailability, server → visitor: the team came in or went away.
	TypeAvailability = "availability"
)

// OfficeHours is when a site's team answers: GET and PUT
// /api/v1/admin/sites/{id}/hours. An empty Week means always open.
type OfficeHours struct {
	// TimeZone is an IANA name such as Europe/Paris; required with a Week.
	TimeZone string `json:"timeZone,omitempty"`
	// Week maps a day ("mon" … "sun") to its opening ranges "09:00-12:30",
	// in order and not overlapping; "24:00" ends a range at midnight. A day
	// missing from a non-empty week is closed.
	Week map[string][]string `json:"week,omitempty"`
	// Holidays are closed dates "2026-12-25" in the site's time zone.
	Holidays []string `json:"holidays,omitempty"`
}

// WeekDays are the keys of OfficeHours.Week, Monday first.
var WeekDays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// Availability says whether the team is in (visitor welcome and
// availability frames). The widget formats BackAt in the shopper's
// language and time zone.
type Availability struct {
	Open bool `json:"open"`
	// BackAt is when the team is back, Unix milliseconds; 0 when open or
	// when no opening is scheduled.
	BackAt int64 `json:"backAt,omitempty"`
}

// MaxEmailBytes bounds an email address a shopper gives.
const MaxEmailBytes = 254

// ValidEmail is a light check of a shopper's email address: one @ with
// text on both sides, a dot in the domain, no spaces. The mail server
// has the last word.
func ValidEmail(s string) bool {
	if len(s) < 5 || len(s) > MaxEmailBytes {
		return false
	}
	at := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '@':
			if at >= 0 {
				return false
			}
			at = i
		case c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == 0x7f:
			return false
		}
	}
	if at < 1 || at > len(s)-4 {
		return false
	}
	domain := s[at+1:]
	dot := -1
	for i := 0; i < len(domain); i++ {
		if domain[i] == '.' {
			dot = i
		}
	}
	return dot > 0 && dot < len(domain)-1
}

// SiteHours is the answer to GET and PUT /api/v1/admin/sites/{id}/hours:
// the schedule and what it means now.
type SiteHours struct {
	Hours        OfficeHours  `json:"hours"`
	Availability Availability `json:"availability"`
}
