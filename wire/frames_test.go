package wire

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeFrame(t *testing.T) {
	for _, tc := range []struct {
		name, in, code string
	}{
		{"a valid hello decodes", `{"type":"hello","v":1,"site":"k"}`, ""},
		{"a valid send decodes", `{"type":"send","cid":"c","body":"hi"}`, ""},
		{"a hello of another version is bad_version", `{"type":"hello","v":2}`, CodeBadVersion},
		{"a frame without type is bad_frame", `{"body":"hi"}`, CodeBadFrame},
		{"an unknown type is bad_frame", `{"type":"nope"}`, CodeBadFrame},
		{"a send without cid is bad_frame", `{"type":"send","body":"hi"}`, CodeBadFrame},
		{"a send with a 65-byte cid is bad_frame", `{"type":"send","cid":"` + strings.Repeat("c", 65) + `","body":"hi"}`, CodeBadFrame},
		{"a blank body is bad_frame", `{"type":"send","cid":"c","body":" \n "}`, CodeBadFrame},
		{"a body of 5000 characters is accepted", `{"type":"send","cid":"c","body":"` + strings.Repeat("ü", 5000) + `"}`, ""},
		{"a body of 5001 characters is bad_frame", `{"type":"send","cid":"c","body":"` + strings.Repeat("ü", 5001) + `"}`, CodeBadFrame},
		{"a status other than open, pending, resolved is bad_frame", `{"type":"status","conv":"1","status":"gone"}`, CodeBadFrame},
		{"status awaiting (ask the shopper to confirm) decodes", `{"type":"status","conv":"1","status":"awaiting"}`, ""},
		{"a confirm with yes decodes", `{"type":"confirm","conv":"1","answer":"yes"}`, ""},
		{"a confirm without answer is bad_frame", `{"type":"confirm","conv":"1"}`, CodeBadFrame},
		{"a confirm answering maybe is bad_frame", `{"type":"confirm","conv":"1","answer":"maybe"}`, CodeBadFrame},
		{"a private send decodes", `{"type":"send","cid":"c","conv":"1","body":"note","private":true}`, ""},
		{"a page frame without page is bad_frame", `{"type":"page"}`, CodeBadFrame},
		{"an oversized page title is bad_frame", `{"type":"page","page":{"title":"` + strings.Repeat("t", MaxContextBytes+1) + `"}}`, CodeBadFrame},
		{"too many attributes is bad_frame", `{"type":"contact","contact":{"attributes":{` + manyAttrs(MaxAttributes+1) + `}}}`, CodeBadFrame},
		{"a field of the wrong JSON type is bad_frame", `{"type":"send","cid":7,"body":"x"}`, CodeBadFrame},
		{"an array is bad_frame", `[1,2]`, CodeBadFrame},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeFrame([]byte(tc.in))
			if tc.code == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var we *Error
			if !errors.As(err, &we) || we.Code != tc.code {
				t.Fatalf("got %v, want code %s", err, tc.code)
			}
		})
	}
}

func manyAttrs(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = `"k` + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `":"v"`
	}
	return strings.Join(parts, ",")
}

func TestShouldReconnect(t *testing.T) {
	for code, want := range map[int]bool{
		CloseNormal: false, CloseGoingAway: true, CloseTooBig: true, CloseServerError: true,
		CloseSlowClient: true, CloseHelloTimeout: true, CloseRateLimited: true,
		CloseUnauthorized: false, CloseBadVersion: false, CloseSiteUnknown: false, CloseForbidden: false,
	} {
		if got := ShouldReconnect(code); got != want {
			t.Errorf("ShouldReconnect(%d) = %v, want %v", code, got, want)
		}
	}
}

// FuzzDecodeFrame: no input panics, and whatever decodes re-encodes to a
// frame that decodes to the same thing, within the documented bounds.
func FuzzDecodeFrame(f *testing.F) {
	for _, seed := range []string{
		`{"type":"hello","v":1,"site":"k","token":"t","resume":{"1":3},"page":{"url":"u","product":{"name":"n"}},"contact":{"name":"a","attributes":{"plan":"pro"}}}`,
		`{"type":"send","cid":"c","conv":"1","body":"hi"}`,
		`{"type":"subscribe","conv":"1","seq":2}`,
		`{"type":"status","conv":"1","status":"resolved"}`,
		`{"type":"read","conv":"1","seq":1}`,
		`{"type":"page","page":{"title":"<script>alert(1)</script>"}}`,
		`{"type":"contact","contact":{"email":"a@b"}}`,
		`{"type":"send","cid":"\u0000","body":"\ud800"}`,
		`{}`, `null`, `[]`, `"x"`, ``, `{"type":1}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := DecodeFrame(data)
		if err != nil {
			var we *Error
			if !errors.As(err, &we) || we.Code == "" || we.Message == "" {
				t.Fatalf("error without code or message: %v", err)
			}
			return
		}
		if fr.Type == TypeSend {
			if n := utf8.RuneCountInString(fr.Body); n == 0 || n > MaxBodyRunes || len(fr.CID) > MaxCIDBytes {
				t.Fatalf("accepted an out-of-bounds send: %d runes, cid %d bytes", n, len(fr.CID))
			}
		}
		again, err := json.Marshal(fr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeFrame(again); err != nil {
			t.Fatalf("re-encoded frame refused: %v\n%s", err, again)
		}
	})
}

func TestAttachmentHelpers(t *testing.T) {
	atts := []Attachment{{ID: "a1", Type: "application/pdf"}, {ID: "b2", Type: "image/webp"}}
	if ids := AttachmentIDs(atts); len(ids) != 2 || ids[0] != "a1" || ids[1] != "b2" {
		t.Fatalf("ids %q", ids)
	}
	if AttachmentIDs(nil) != nil {
		t.Fatal("no attachments must give no ids (omitted from the frame)")
	}
	for typ, want := range map[string]bool{"image/webp": true, "image/png": true, "application/pdf": false, "image/svg+xml": false} {
		if IsImageType(typ) != want {
			t.Errorf("IsImageType(%q) = %v", typ, !want)
		}
	}
}
