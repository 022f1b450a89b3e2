package wsclient

import (
	"testing"
	"time"

	"github.com/comptoir/comptoir/wire"
)

func TestBackoff(t *testing.T) {
	t.Run("first retry waits between a quarter and half a second", func(t *testing.T) {
		if got := Backoff(0, 0); got != MinBackoff/2 {
			t.Fatalf("Backoff(0, 0) = %v, want %v", got, MinBackoff/2)
		}
		if got := Backoff(0, 0.999); got >= MinBackoff || got < MinBackoff/2 {
			t.Fatalf("Backoff(0, .999) = %v, want in [%v, %v)", got, MinBackoff/2, MinBackoff)
		}
	})
	t.Run("each attempt doubles the ceiling", func(t *testing.T) {
		for attempt, want := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second} {
			if got := Backoff(attempt, 0); got != want/2 {
				t.Errorf("Backoff(%d, 0) = %v, want %v", attempt, got, want/2)
			}
		}
	})
	t.Run("the wait never exceeds the maximum, even after many attempts", func(t *testing.T) {
		for _, attempt := range []int{6, 7, 20, 1000} {
			if got := Backoff(attempt, 0.9999); got > MaxBackoff || got < MaxBackoff/2 {
				t.Errorf("Backoff(%d) = %v, want in [%v, %v]", attempt, got, MaxBackoff/2, MaxBackoff)
			}
		}
	})
}

func TestNativeClientIsInert(t *testing.T) {
	// Natively go-app's JavaScript values do nothing: building and driving a
	// client must not panic, so app packages stay usable by the generator.
	c := New("ws://example.invalid/ws", nil, nil, nil)
	c.Start()
	if c.Send(wire.Frame{Type: wire.TypePage}) {
		t.Fatal("Send on a socket that never opened reported success")
	}
	c.Close()
	if got := c.State().Phase; got != Stopped {
		t.Fatalf("phase after Close = %v, want stopped", got)
	}
}
