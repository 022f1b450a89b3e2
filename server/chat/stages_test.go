package chat_test

import (
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// Every message a parked shopper sends is counted in the places it
// waits inside the server, and a reset starts a new window.
func TestStagesCountWhereMessagesWait(t *testing.T) {
	srv := testserver.Start(t)
	svc := srv.Chat()
	v, _ := srv.Visitor(t, wire.Frame{})
	waitUntil(t, "the visitor's socket to be parked", func() bool { return svc.Parked() == 1 })
	svc.Stages(true)

	const n = 5
	for i := range n {
		v.Send(t, send("", "s-"+string(rune('a'+i)), "Is the sand tote back in stock?"))
		v.Expect(t, wire.TypeAck)
		v.Expect(t, wire.TypeMessage)
		// Parked again before the next, so that each frame is a wake-up.
		waitUntil(t, "the socket to be parked again", func() bool { return svc.Parked() == 1 })
	}
	r := svc.Stages(false)
	for _, name := range []string{chat.StageRead, chat.StageCommit, chat.StageStoreQueue, chat.StageStoreTransaction, chat.StageWrite} {
		f, ok := r.Stages[name]
		switch {
		case !ok:
			t.Errorf("stage %s not reported: %+v", name, r.Stages)
		case f.Count < n:
			t.Errorf("stage %s counted %d of %d messages", name, f.Count, n)
		case f.P50 < 1 || f.Max < f.P99 || f.P99 < f.P50 || f.Max > int64(time.Minute/time.Microsecond):
			t.Errorf("stage %s figures out of order: %+v", name, f)
		}
	}
	// The commit stage counts shoppers' posts only: one per message.
	if got := r.Stages[chat.StageCommit].Count; got != n {
		t.Errorf("commit stage counted %d posts, want %d", got, n)
	}

	before := r.Since
	if r := svc.Stages(true); r.Since != before {
		t.Errorf("window moved before the reset: %v, was %v", r.Since, before)
	}
	r = svc.Stages(false)
	if !r.Since.After(before) {
		t.Errorf("reset did not start a new window: since %v, was %v", r.Since, before)
	}
	for name, f := range r.Stages {
		if f.Count != 0 {
			t.Errorf("stage %s counted %d after the reset", name, f.Count)
		}
	}
}
