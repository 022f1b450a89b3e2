package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

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

// child is one child process of this one.
type child struct {
	pid     int
	cmdline string
}

// children are this process's child processes.
func children() []child {
	var out []child
	procs, _ := os.ReadDir("/proc")
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + p.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(os.Getpid()) {
			cmdline, _ := os.ReadFile("/proc/" + p.Name() + "/cmdline")
			out = append(out, child{pid, strings.TrimSpace(strings.ReplaceAll(string(cmdline), "\x00", " "))})
		}
	}
	return out
}

// searchProcess is the pid of the running search index process, 0 if none.
func searchProcess() int {
	for _, c := range children() {
		if strings.HasSuffix(c.cmdline, " "+search.ChildCommand) {
			return c.pid
		}
	}
	return 0
}

func TestTheServerSearchesInAChildProcess(t *testing.T) {
	srv := testserver.Start(t, testserver.WithSearchProcess(search.SelfCommand(search.ChildCommand)))
	pid := searchProcess()
	if pid == 0 {
		t.Fatalf("no %q child process among %+v", search.ChildCommand, children())
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

	t.Run("SIGTERM and SIGINT, sent to the whole group by systemd or a terminal, leave the index to the server", func(t *testing.T) {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			if err := syscall.Kill(pid, sig); err != nil {
				t.Fatal(err)
			}
		}
		v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "c-2", Body: "Le colis est arrivé"})
		v.Expect(t, wire.TypeAck)
		srv.FlushSearch(t)
		res = wire.SearchResults{}
		if status := admin.Do(t, "GET", "/api/v1/search?q=colis", nil, &res); status != 200 || len(res.Results) != 1 {
			t.Fatalf("got %d %+v", status, res)
		}
		if again := searchProcess(); again != pid {
			t.Fatalf("search process %d, was %d: the signal ended it", again, pid)
		}
	})
	t.Run("while the index's process is started again, search says so", func(t *testing.T) {
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		var body wire.ErrorBody
		status := admin.Do(t, "GET", "/api/v1/search?q=colis", nil, &body)
		if status != 503 || body.Error.Code != wire.CodeUnavailable || !strings.Contains(body.Error.Message, "try again") {
			t.Fatalf("got %d %+v", status, body)
		}
		// Then it answers again, from a new process.
		deadline := time.Now().Add(10 * time.Second)
		for {
			res = wire.SearchResults{}
			if status := admin.Do(t, "GET", "/api/v1/search?q=colis", nil, &res); status == 200 && len(res.Results) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("search did not come back within 10 s")
			}
			time.Sleep(50 * time.Millisecond)
		}
		if again := searchProcess(); again == 0 || again == pid {
			t.Fatalf("search process %d, was %d", again, pid)
		}
	})
}
