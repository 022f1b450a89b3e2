package store

import (
	"math/rand"
	"reflect"
	"testing"
	"time"
)

// Every field of Message survives the binary layout, whatever fields
// Message grows: a field it does not carry would be lost at the first
// write.
func TestMessageCodecKeepsEveryField(t *testing.T) {
	rnd := rand.New(rand.NewSource(3))
	for i := range 200 {
		var m Message
		fill(reflect.ValueOf(&m).Elem(), rnd, 0)
		switch i % 4 { // the common shapes too: known kinds, no extras
		case 1:
			m.Author.Kind, m.Attachments, m.Event = AuthorVisitor, nil, nil
		case 2:
			m.Author.Kind, m.Private = AuthorAgent, true
		case 3:
			m.Author.Kind, m.At = AuthorSystem, time.Time{}
		}
		v, err := encodeMessage(&m)
		if err != nil {
			t.Fatal(err)
		}
		var got Message
		if err := decodeMessage(v, &got); err != nil {
			t.Fatalf("decode: %v", err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("round trip differs (encode the new field in msgcodec.go):\n got %+v\nwant %+v", got, m)
		}
		// A value cut short is an error, never a panic nor a message.
		for n := 1; n < len(v); n++ {
			if err := decodeMessage(v[:n], &got); err == nil {
				t.Fatalf("a value cut at %d of %d bytes decoded: %+v", n, len(v), got)
			}
		}
	}
}

// A message stored as JSON (schema 11 and before) still reads.
func TestJSONMessageStillReads(t *testing.T) {
	var m Message
	err := decodeMessage([]byte(`{"conv":3,"seq":4,"cid":"c","author":{"kind":"agent","id":2,"name":"Léa"},"body":"hi","at":"2026-11-23T10:00:00Z","private":true}`), &m)
	want := Message{ConvID: 3, Seq: 4, CID: "c", Author: Author{Kind: AuthorAgent, ID: 2, Name: "Léa"}, Body: "hi", At: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Private: true}
	if err != nil || !reflect.DeepEqual(m, want) {
		t.Fatalf("got %+v %v", m, err)
	}
}
