package wire

import (
	"strings"
	"testing"
)

func TestCheckMessageWithAttachments(t *testing.T) {
	id := strings.Repeat("ab", 16)
	cases := []struct {
		name        string
		body        string
		attachments []string
		ok          bool
	}{
		{"attachments without text are a message", "", []string{id}, true},
		{"text and attachments are a message", "see the photo", []string{id, id}, true},
		{"neither text nor attachments is refused", "", nil, false},
		{"only spaces with attachments is refused", "  ", []string{id}, false},
		{"six attachments are refused", "x", []string{id, id, id, id, id, id}, false},
		{"an id that is not 32 hex characters is refused", "", []string{"../../etc/passwd"}, false},
		{"an upper-case id is refused", "", []string{strings.ToUpper(id)}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckMessage("cid", tc.body, tc.attachments)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckMessage = %v", err)
			}
		})
	}
	t.Run("a send frame carries them", func(t *testing.T) {
		f, err := DecodeFrame([]byte(`{"type":"send","cid":"c","attachments":["` + id + `"]}`))
		if err != nil || len(f.Attachments) != 1 {
			t.Fatalf("%+v %v", f, err)
		}
	})
}
