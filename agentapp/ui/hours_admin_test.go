package ui

import (
	"reflect"
	"testing"

	"github.com/comptoir/comptoir/wire"
)

func TestOfficeHoursFromFields(t *testing.T) {
	t.Run("ranges split on commas and spaces, empty days left out, holidays one per line", func(t *testing.T) {
		got := OfficeHoursFromFields(" Europe/Paris ", map[string]string{
			"mon": "09:00-12:30, 14:00-18:00", "tue": "09:00-18:00;", "sat": "  ",
		}, "2026-12-25\n2027-01-01\n")
		want := wire.OfficeHours{TimeZone: "Europe/Paris",
			Week:     map[string][]string{"mon": {"09:00-12:30", "14:00-18:00"}, "tue": {"09:00-18:00"}},
			Holidays: []string{"2026-12-25", "2027-01-01"}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("every day empty is always open, whatever the zone field says", func(t *testing.T) {
		got := OfficeHoursFromFields("Europe/Paris", map[string]string{}, "")
		if got.TimeZone != "" || got.Week != nil || len(got.Holidays) != 0 {
			t.Fatalf("%+v", got)
		}
	})
}
