package daemon

import "testing"

func TestSchedulerProcs(t *testing.T) {
	for _, c := range []struct {
		env          string
		defaultProcs int
		want         int
	}{
		{"", 1, 2},
		{"", 2, 4},
		{"", 3, 6},
		{"", 4, 4}, // large enough: the default stays
		{"", 16, 16},
		{"2", 2, 2}, // the operator's setting, already applied by the runtime
		{" 3 ", 3, 3},
	} {
		if got := SchedulerProcs(c.env, c.defaultProcs); got != c.want {
			t.Errorf("SchedulerProcs(%q, %d) = %d, want %d", c.env, c.defaultProcs, got, c.want)
		}
	}
}
