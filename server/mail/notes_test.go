package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/mail"
	"github.com/comptoir/comptoir/wire"
)

// Agents' private notes are never emailed to a shopper: a note alone
// schedules nothing, and reply emails and transcripts leave notes out.
func TestPrivateNotesAreNeverEmailed(t *testing.T) {
	f := start(t)
	note := func(cid, body string) {
		t.Helper()
		if st := f.agent.Do(t, "POST", "/api/v1/conversations/"+f.conv+"/messages", wire.SendRequest{CID: cid, Body: body, Private: true}, nil); st != 201 {
			t.Fatalf("note: %d", st)
		}
	}
	const secret = "refund approved by the manager, do not tell yet"
	note("n1", secret)
	f.clk.add(mail.Grace + time.Second)
	f.pass()
	f.nothingReceived(t)

	f.reply(t, "a1", "Oui, il est imperméable.")
	note("n2", secret)
	f.clk.add(mail.Grace + time.Second)
	f.pass()
	e := f.smtp.Wait(t)
	if !strings.Contains(e.Text, "Oui, il est imperméable.") || strings.Contains(e.Text, secret) || strings.Contains(e.HTML, secret) {
		t.Fatalf("reply email:\n%s", e.Text)
	}

	v, _ := f.srv.Visitor(t, wire.Frame{Token: f.token})
	v.Send(t, wire.Frame{Type: wire.TypeTranscript, Conv: f.conv})
	v.Expect(t, wire.TypeTranscript)
	f.pass()
	tr := f.smtp.Wait(t)
	if !strings.Contains(tr.Text, "Oui, il est imperméable.") || strings.Contains(tr.Text, secret) {
		t.Fatalf("transcript:\n%s", tr.Text)
	}
}
