package chat_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// Two posters to one conversation at the same time (an agent's socket and
// REST here; the shopper and an agent in real life) are committed in shared
// batches; their messages must still reach a live subscriber in seq order,
// none dropped. Found by the load benchmark: without ordered publishing,
// about one in five was lost on the visitor's screen.
func TestConcurrentPostersDeliverInSeqOrder(t *testing.T) {
	srv := testserver.Start(t)
	v, _ := srv.Visitor(t, wire.Frame{})
	v.Send(t, send("", "first", "hello"))
	ack := v.Expect(t, wire.TypeAck)
	v.Expect(t, wire.TypeMessage)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	ag, _ := srv.AgentSocket(t, admin)

	const restPosters, each, wsSends = 4, 25, 50 // the socket stays under its burst of 60
	var wg sync.WaitGroup
	for g := range restPosters {
		wg.Go(func() {
			for i := range each {
				if status := admin.Do(t, "POST", "/api/v1/conversations/"+ack.Conv+"/messages",
					wire.SendRequest{CID: fmt.Sprintf("rest-%d-%d", g, i), Body: "from REST"}, nil); status != 201 {
					t.Errorf("REST post: status %d", status)
				}
			}
		})
	}
	for i := range wsSends {
		ag.Send(t, send(ack.Conv, fmt.Sprintf("ws-%d", i), "from the socket"))
	}
	wg.Wait()

	want := uint64(1 + restPosters*each + wsSends)
	deadline := time.Now().Add(10 * time.Second)
	for last := uint64(1); last < want; {
		if time.Now().After(deadline) {
			t.Fatalf("the visitor saw up to seq %d of %d", last, want)
		}
		f := v.Next(t)
		if f.Type != wire.TypeMessage {
			continue
		}
		if f.Message.Seq != last+1 {
			t.Fatalf("after seq %d the visitor got seq %d: a message was skipped or reordered", last, f.Message.Seq)
		}
		last = f.Message.Seq
	}
}
