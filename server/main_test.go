package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/server/search"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// TestMain lets this test binary be the search index's process, through
// run as the comptoir binary is.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == search.ChildCommand {
		if err := run(); err != nil {
			fmt.Fprintln(os.Stderr, "comptoir:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// children are the command lines of this process's child processes.
func children(t *testing.T) []string {
	t.Helper()
	var out []string
	procs, _ := os.ReadDir("/proc")
	for _, p := range procs {
		stat, err := os.ReadFile("/proc/" + p.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == fmt.Sprint(os.Getpid()) {
			cmdline, _ := os.ReadFile("/proc/" + p.Name() + "/cmdline")
			out = append(out, strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	return out
}

func TestTheServerSearchesInAChildProcess(t *testing.T) {
	srv := testserver.Start(t, testserver.WithSearchProcess(search.SelfCommand(search.ChildCommand)))
	found := false
	for _, c := range children(t) {
		found = found || strings.HasSuffix(strings.TrimSpace(c), " "+search.ChildCommand)
	}
	if !found {
		t.Fatalf("no %q child process among %q", search.ChildCommand, children(t))
	}

	v, _ := srv.Visitor(t, wire.Frame{Site: srv.SiteKey})
	v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "c-1", Body: "Où est mon colis ? Commande 4411"})
	v.Expect(t, wire.TypeAck)
	srv.FlushSearch(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	var res wire.SearchResults
	if status := admin.Do(t, "GET", "/api/v1/search?q=colis", nil, &res); status != 200 || len(res.Results) != 1 {
		t.Fatalf("got %d %+v", status, res)
	}
}
