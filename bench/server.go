package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/comptoir/comptoir/wire"
)

// server is a Comptoir started as a child process, so that its memory can be
// read from /proc without the load generator's own.
type server struct {
	cmd     *exec.Cmd
	url     string // http://127.0.0.1:port
	dir     string
	siteKey string
	logPath string
	exited  chan error
	// admin is the signed-in admin's HTTP client (cookie jar) and CSRF token.
	admin *http.Client
	csrf  string
	// debugURL is the server's profiling listener (COMPTOIR_PPROF_ADDR,
	// loopback): its profiles, and where messages wait inside it.
	debugURL string
	// pprofURL is where the server serves its profiles ("": not asked).
	pprofURL string
}

// stageFigures is one of the server's stages over the stream (in µs, as
// the server serves them: chat.StageFigures).
type stageFigures struct {
	Count int64 `json:"count"`
	P50   int64 `json:"p50_us"`
	P99   int64 `json:"p99_us"`
	P999  int64 `json:"p999_us"`
	Max   int64 `json:"max_us"`
}

// stages reads where messages waited inside the server since the last
// reset; reset starts a new window.
func (s *server) stages(reset bool) (map[string]stageFigures, error) {
	u := s.debugURL + "/debug/comptoir/stages"
	if reset {
		u += "?reset=1"
	}
	client := &http.Client{Timeout: 10 * time.Second}
	res, err := client.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("%s: HTTP %d", u, res.StatusCode)
	}
	var r struct {
		Stages map[string]stageFigures `json:"stages"`
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: %w", u, err)
	}
	return r.Stages, nil
}

// saveProfile fetches the server's profile at path (under /debug/pprof/)
// into dir/name; a failure is logged, not fatal.
func (s *server) saveProfile(dir, name, path string, lasts time.Duration) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		logf("profile %s: %v", name, err)
		return
	}
	client := &http.Client{Timeout: lasts + 30*time.Second}
	res, err := client.Get(s.pprofURL + path)
	if err != nil {
		logf("profile %s: %v", name, err)
		return
	}
	defer res.Body.Close()
	f, err := os.Create(dir + "/" + name)
	if err != nil {
		logf("profile %s: %v", name, err)
		return
	}
	defer f.Close()
	if _, err := io.Copy(f, res.Body); err != nil || res.StatusCode != 200 {
		logf("profile %s: HTTP %d %v", name, res.StatusCode, err)
		return
	}
	logf("saved the server's %s in %s/%s (go tool pprof %s/%s)", path, dir, name, dir, name)
}

// startServer builds (unless bin is given) and starts Comptoir on a free
// loopback port with its data in a temp dir, waits for /healthz, reads the
// demo site's key and signs in as the admin.
func startServer(ctx context.Context, bin string, profiles bool) (*server, error) {
	dir, err := os.MkdirTemp("", "comptoir-bench-")
	if err != nil {
		return nil, err
	}
	if bin == "" {
		bin = dir + "/comptoir"
		fmt.Fprintln(os.Stderr, "building the server: go build -o", bin, "./server")
		build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, "./server")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("build the server (run from the repository root): %w", err)
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	password := randomHex(12)
	s := &server{url: "http://127.0.0.1:" + strconv.Itoa(port), dir: dir, logPath: dir + "/server.log", exited: make(chan error, 1)}
	pport, err := freePort()
	if err != nil {
		return nil, err
	}
	s.debugURL = "http://127.0.0.1:" + strconv.Itoa(pport)
	if profiles {
		s.pprofURL = s.debugURL + "/debug/pprof/"
	}
	logFile, err := os.Create(s.logPath)
	if err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin)
	s.cmd.Env = append(os.Environ(),
		"COMPTOIR_ADDR=127.0.0.1:"+strconv.Itoa(port),
		"COMPTOIR_DATA="+dir+"/data",
		"COMPTOIR_PUBLIC_URL="+s.url,
		"COMPTOIR_ADMIN_EMAIL=bench@example.com",
		"COMPTOIR_ADMIN_PASSWORD="+password,
		// Each simulated shopper claims its own address through
		// X-Forwarded-For, as behind a reverse proxy, so the per-IP limits
		// apply per shopper as in production rather than to 127.0.0.1.
		"COMPTOIR_TRUSTED_PROXIES=127.0.0.1",
	)
	s.cmd.Env = append(s.cmd.Env, "COMPTOIR_PPROF_ADDR="+strings.TrimPrefix(s.debugURL, "http://"))
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() { s.exited <- s.cmd.Wait(); logFile.Close() }()

	if err := s.waitHealthy(15 * time.Second); err != nil {
		s.stop()
		return nil, err
	}
	jar, _ := cookiejar.New(nil)
	s.admin = &http.Client{Jar: jar, Timeout: 10 * time.Second}
	if s.siteKey, err = s.readSiteKey(); err != nil {
		s.stop()
		return nil, err
	}
	if err := s.login("bench@example.com", password); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *server) waitHealthy(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.exited:
			return fmt.Errorf("server exited at start (%v); log: %s", err, s.logPath)
		default:
		}
		res, err := http.Get(s.url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("server not healthy after %s; log: %s", limit, s.logPath)
}

// readSiteKey takes the demo site's key from the demo page's script tag:
// the key is random and the page is the one public place that shows it.
func (s *server) readSiteKey() (string, error) {
	res, err := http.Get(s.url + "/demo")
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	m := regexp.MustCompile(`data-site="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		return "", errors.New("no data-site in /demo")
	}
	return string(m[1]), nil
}

func (s *server) login(email, password string) error {
	body, _ := json.Marshal(wire.LoginRequest{Email: email, Password: password})
	req, _ := http.NewRequest("POST", s.url+"/api/v1/auth/login", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", s.url)
	res, err := s.admin.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var sess wire.Session
	if err := json.NewDecoder(res.Body).Decode(&sess); err != nil || res.StatusCode != 200 {
		return fmt.Errorf("sign in: status %d: %v", res.StatusCode, err)
	}
	s.csrf = sess.CSRF
	return nil
}

// cookie is the admin session's Cookie header, for agent WebSockets.
func (s *server) cookie() string {
	u, _ := http.NewRequest("GET", s.url, nil)
	var parts []string
	for _, c := range s.admin.Jar.Cookies(u.URL) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// postAgentMessage posts a reply through REST as the admin.
func (s *server) postAgentMessage(conv, cid, body string) error {
	data, _ := json.Marshal(wire.SendRequest{CID: cid, Body: body})
	req, _ := http.NewRequest("POST", s.url+"/api/v1/conversations/"+conv+"/messages", strings.NewReader(string(data)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", s.url)
	req.Header.Set("X-CSRF-Token", s.csrf)
	res, err := s.admin.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 201 && res.StatusCode != 200 {
		return fmt.Errorf("post message: status %d", res.StatusCode)
	}
	return nil
}

// memory reads the server's resident memory from /proc: VmRSS and its
// anonymous part (heap, stacks), which excludes the mapped binary and the
// bbolt file's page cache.
func (s *server) memory() (rss, anon int64, err error) {
	return processMemory(s.cmd.Process.Pid)
}

// processMemory reads a process's VmRSS and RssAnon.
func processMemory(pid int) (rss, anon int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(fields[1], 10, 64)
		switch fields[0] {
		case "VmRSS:":
			rss = kb << 10
		case "RssAnon:":
			anon = kb << 10
		}
	}
	return rss, anon, sc.Err()
}

// processes are the server's pid and its children's: the search index
// runs in a child process (search.ChildCommand), whose CPU and disk writes
// are the server's too.
func (s *server) processes() []int {
	return append([]int{s.cmd.Process.Pid}, childrenOf(s.cmd.Process.Pid)...)
}

// childrenOf lists the processes whose parent is pid.
func childrenOf(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if fields := procStat(child); len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			out = append(out, child)
		}
	}
	return out
}

// procStat is /proc/<pid>/stat from its third field (state) on: the
// command name (field 2) may hold spaces, so it counts from its ")".
func procStat(pid int) []string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	return strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
}

// cpu reads the CPU time (user + system) the server and its search index
// process have used so far.
func (s *server) cpu() time.Duration {
	var sum time.Duration
	for _, pid := range s.processes() {
		sum += procCPU(pid)
	}
	return sum
}

// indexCPU is the part of cpu used by the search index process.
func (s *server) indexCPU() time.Duration {
	var sum time.Duration
	for _, pid := range childrenOf(s.cmd.Process.Pid) {
		sum += procCPU(pid)
	}
	return sum
}

// indexRSS is the search index process's resident memory.
func (s *server) indexRSS() int64 {
	var sum int64
	for _, pid := range childrenOf(s.cmd.Process.Pid) {
		rss, _, _ := processMemory(pid)
		sum += rss
	}
	return sum
}

// procCPU reads a process's CPU time from /proc/<pid>/stat (fields 14 and
// 15, in clock ticks of 1/100 s).
func procCPU(pid int) time.Duration {
	fields := procStat(pid)
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// ioCounts is what /proc/<pid>/io says a process has done so far.
type ioCounts struct {
	// reads and writes are read and write system calls (sockets and files
	// alike: syscr, syscw).
	reads, writes int64
	// diskWritten is the bytes the process caused to be sent to the disk
	// (write_bytes): the store's and the search index's pages.
	diskWritten int64
}

func (a ioCounts) minus(b ioCounts) ioCounts {
	return ioCounts{a.reads - b.reads, a.writes - b.writes, a.diskWritten - b.diskWritten}
}

func (a ioCounts) plus(b ioCounts) ioCounts {
	return ioCounts{a.reads + b.reads, a.writes + b.writes, a.diskWritten + b.diskWritten}
}

// io reads the server's and its search index process's counts.
func (s *server) io() ioCounts {
	var sum ioCounts
	for _, pid := range s.processes() {
		sum = sum.plus(procIO(pid))
	}
	return sum
}

// procIO reads a process's counts from /proc/<pid>/io.
func procIO(pid int) ioCounts {
	var c ioCounts
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	for line := range strings.SplitSeq(string(data), "\n") {
		name, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		switch name {
		case "syscr":
			c.reads = n
		case "syscw":
			c.writes = n
		case "write_bytes":
			c.diskWritten = n
		}
	}
	return c
}

// threads reads the server's thread count (a sign of blocked syscalls).
func (s *server) threads() int {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

// stop asks the server to shut down (SIGTERM), kills it if it lingers, and
// removes its data.
func (s *server) stop() {
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(15 * time.Second):
			s.cmd.Process.Kill()
			<-s.exited
		}
	}
	if os.Getenv("BENCH_KEEP") == "" {
		os.RemoveAll(s.dir)
	}
}

// raiseFileLimit lifts RLIMIT_NOFILE as far as allowed; the server, a
// child, inherits it.
func raiseFileLimit(want uint64) uint64 {
	var lim syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	if lim.Max < want {
		// Root may raise the hard limit too; otherwise keep the hard one.
		if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: want, Max: want}) == nil {
			return want
		}
	}
	lim.Cur = min(max(lim.Cur, want), lim.Max)
	syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	return lim.Cur
}

// profileSelf records the bench process's own CPU profile from after to
// after+d into dir/name: the load generator shares the machine with the
// server, and what it costs is what the server does not get.
func profileSelf(dir, name string, after, d time.Duration) {
	go func() {
		time.Sleep(after)
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			logf("profile %s: %v", name, err)
			return
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			logf("profile %s: %v", name, err)
			return
		}
		time.Sleep(d)
		pprof.StopCPUProfile()
		logf("saved the bench's own CPU profile in %s", f.Name())
	}()
}
