package chat_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

func TestAgentRepliesArePipelined(t *testing.T) {
	srv := testserver.Start(t, testserver.WithChat(chat.Options{FramesPerSecond: 100, FrameBurst: 100})) // a burst of replies
	agent := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	agentWS, _ := srv.AgentSocket(t, agent)
	var convs []string
	for i := range 3 {
		v, _ := srv.Visitor(t, wire.Frame{})
		v.Send(t, send("", fmt.Sprintf("v-%d", i), "hello"))
		convs = append(convs, v.Expect(t, wire.TypeAck).Conv)
	}
	// acks collects n acks and error frames, skipping other frames.
	acks := func(n int) (out []wire.Frame) {
		for len(out) < n {
			if f := agentWS.Next(t); f.Type == wire.TypeAck || f.Type == wire.TypeError {
				out = append(out, f)
			}
		}
		return out
	}

	t.Run("a reply does not wait for one to another conversation", func(t *testing.T) {
		held := chat.HoldConversation(srv.Chat(), chat.ParseID(convs[0])) // as a commit that takes long
		var once sync.Once
		release := func() { once.Do(held) }
		defer release() // also when the test fails: the server must shut down
		agentWS.Send(t, send(convs[0], "a-blocked", "first, held up"))
		agentWS.Send(t, send(convs[1], "a-free", "second"))
		if got := acks(1)[0]; got.CID != "a-free" {
			t.Fatalf("first ack %+v, want a-free's while the other conversation is held", got)
		}
		release()
		if got := acks(1)[0]; got.CID != "a-blocked" || got.Seq != 2 {
			t.Fatalf("ack %+v, want a-blocked at seq 2", got)
		}
	})

	t.Run("replies keep their order per conversation, acks too, errors stay per message", func(t *testing.T) {
		sent := map[string][]string{} // conv → cids in the order sent
		const n = 60
		for i := range n {
			conv := convs[i%len(convs)]
			cid := fmt.Sprintf("r-%d", i)
			if i == n/2 {
				agentWS.Send(t, send("999999", "r-bad", "to nowhere"))
			}
			agentWS.Send(t, send(conv, cid, cid))
			sent[conv] = append(sent[conv], cid)
		}
		acked := map[string][]string{}
		lastSeq := map[string]uint64{}
		badRefused := false
		for _, f := range acks(n + 1) {
			if f.Type == wire.TypeError {
				if f.Error.CID != "r-bad" || f.Error.Code != wire.CodeConversationNotFound {
					t.Fatalf("error %+v", f.Error)
				}
				badRefused = true
				continue
			}
			if f.Seq <= lastSeq[f.Conv] {
				t.Fatalf("ack %s at seq %d after seq %d in conversation %s", f.CID, f.Seq, lastSeq[f.Conv], f.Conv)
			}
			lastSeq[f.Conv] = f.Seq
			acked[f.Conv] = append(acked[f.Conv], f.CID)
		}
		if !badRefused {
			t.Fatal("the send to an unknown conversation got no error")
		}
		for _, conv := range convs {
			if !slices.Equal(acked[conv], sent[conv]) {
				t.Fatalf("conversation %s: acks %v, sent %v", conv, acked[conv], sent[conv])
			}
			msgs, err := srv.DB().Messages(chat.ParseID(conv), 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			var bodies []string
			for _, m := range msgs {
				if m.Author.Kind == "agent" {
					bodies = append(bodies, m.Body)
				}
			}
			if want := sent[conv]; !slices.Equal(bodies[len(bodies)-len(want):], want) {
				t.Fatalf("conversation %s stored %v, sent %v", conv, bodies, want)
			}
		}
	})
}
