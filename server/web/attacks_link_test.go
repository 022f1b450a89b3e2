package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	chatsvc "github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/mail"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// A link from an email opens one conversation for the shopper it was sent
// to. Forging one — another conversation, another shopper, another key, an
// expired one — opens nothing and mints no token.
func TestAttackForgedEmailLink(t *testing.T) {
	srv := testserver.Start(t)
	conv, _ := aConversation(t, srv)
	other, _ := aConversation(t, srv)
	key, err := srv.DB().LinkKey()
	if err != nil {
		t.Fatal(err)
	}
	c, _ := srv.DB().Conversation(chatsvc.ParseID(conv))
	o, _ := srv.DB().Conversation(chatsvc.ParseID(other))
	week := time.Now().Add(7 * 24 * time.Hour)
	valid := mail.SignLink(key, c.ID, c.VisitorID, week)
	sig := valid[strings.LastIndexByte(valid, '.'):]
	open := func(token string) (int, string) {
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.Get(srv.URL + mail.LinkPath + token)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode, res.Header.Get("Location")
	}
	for name, token := range map[string]string{
		"another conversation with the same signature":            strconv.FormatUint(o.ID, 10) + "." + strconv.FormatUint(c.VisitorID, 10) + "." + strconv.FormatInt(week.Unix(), 10) + sig,
		"a later expiry with the same signature":                  strconv.FormatUint(c.ID, 10) + "." + strconv.FormatUint(c.VisitorID, 10) + "." + strconv.FormatInt(week.Add(time.Hour).Unix(), 10) + sig,
		"signed with another key":                                 mail.SignLink([]byte("not the server's key, 32 bytes!!"), c.ID, c.VisitorID, week),
		"expired":                                                 mail.SignLink(key, c.ID, c.VisitorID, time.Now().Add(-time.Minute)),
		"signed, but pairing a conversation with another shopper": mail.SignLink(key, o.ID, c.VisitorID, week),
		"no signature":                                            strings.TrimSuffix(valid, sig),
		"garbage":                                                 "../../api/v1/me",
	} {
		if status, loc := open(token); status != http.StatusNotFound || loc != "" {
			t.Errorf("%s: %d %q", name, status, loc)
		}
	}
	status, loc := open(valid)
	if status != http.StatusSeeOther || !strings.Contains(loc, "#t=") {
		t.Fatalf("the genuine link: %d %q", status, loc)
	}
	_, w := srv.Visitor(t, wire.Frame{Token: loc[strings.Index(loc, "#t=")+3:]})
	if len(w.Conversations) != 1 || w.Conversations[0].ID != conv {
		t.Fatalf("the genuine link opens %+v", w.Conversations)
	}
}
