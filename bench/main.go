// Command bench is Comptoir's load generator: it starts the real server as
// a separate process on loopback, drives it with real WebSocket clients
// speaking the protocol, and prints a table of figures next to a floor (a
// bare WebSocket relay in this process) and the targets of issue 4.
//
//	go run ./bench                       # defaults: 1k and 10k idle visitors, 4 agents, 2k msg/s
//	go run ./bench -idle 1000,10000,20000 -rate 5000 -duration 60s
//
// Every phase is bounded in count and in time, and only 127.0.0.1 is used.
// See docs/benchmarks.md for what each figure means.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type config struct {
	server          string
	idle            []int
	agents          int
	senders         int
	follow          int
	rate            int
	agentRate       float64
	duration        time.Duration
	warmup          time.Duration
	satSenders      int
	satEach         int
	stormMissed     int
	dialConcurrency int
	stormConc       int
	limit           time.Duration
	// profile is a directory for the server's profiles ("": none).
	profile string
	// durableFloors are the durable floors' stores (bbolt, log), each a
	// stream of its own after the bare floor's.
	durableFloors []string
}

// streamTrace is how long the runtime trace taken with -profile lasts.
const streamTrace = 4 * time.Second

func main() {
	var c config
	var idle string
	flag.StringVar(&c.server, "server", "", "server binary to run (default: go build ./server into a temp dir)")
	flag.StringVar(&idle, "idle", "1000,10000", "idle visitor connections to hold, in steps (RSS is read at each)")
	flag.IntVar(&c.agents, "agents", 4, "agent connections subscribed to the talking conversations")
	flag.IntVar(&c.senders, "senders", 0, "visitors that talk during the stream (0: enough for each to send at most 15 messages, under the default limit of 20 per visitor per minute)")
	flag.IntVar(&c.follow, "follow", 50, "talkers' conversations each agent follows (message frames, and replies)")
	flag.IntVar(&c.rate, "rate", 2000, "open-loop visitor messages per second")
	flag.Float64Var(&c.agentRate, "agent-rate", 10, "open-loop replies per second per agent (the server allows 20 frames/s per connection)")
	flag.DurationVar(&c.duration, "duration", 20*time.Second, "measured stream time")
	flag.DurationVar(&c.warmup, "warmup", 3*time.Second, "stream time before measuring")
	flag.IntVar(&c.satSenders, "sat-senders", 2000, "visitors (other than the talkers) sending as fast as acks come, for peak durable throughput")
	flag.IntVar(&c.satEach, "sat-each", 10, "messages each of them sends (under the limit of 20 per visitor per minute)")
	flag.IntVar(&c.stormMissed, "storm-missed", 1000, "conversations that get a reply while their visitors are away")
	flag.IntVar(&c.dialConcurrency, "dial-concurrency", 200, "connections being opened at once")
	flag.IntVar(&c.stormConc, "storm-concurrency", 1000, "reconnections at once during the storm")
	flag.DurationVar(&c.limit, "limit", 15*time.Minute, "give up after this long")
	var durableFloors string
	flag.StringVar(&durableFloors, "durable-floor", "bbolt,log", "durable floors to run after the bare one, each the relay committing every message before forwarding it, a comma list of: bbolt (the design's store: one Update per group commit, two fdatasyncs), log (an append to a file, one fdatasync per group commit: the least any durable design does); or off")
	flag.StringVar(&c.profile, "profile", "", "directory to save the server's profiles in: heap after the idle steps, CPU over the stream's measured window, a runtime trace of 4 s in its middle (read: where the store's commits spend their time) (the server serves them on a loopback port of their own, COMPTOIR_PPROF_ADDR)")
	readTrace := flag.String("writer-trace", "", "only read this runtime trace of a server (go tool trace's format, e.g. /debug/pprof/trace on COMPTOIR_PPROF_ADDR) and print where its store's commits spent their time")
	flag.Parse()
	if *readTrace != "" {
		f, err := writerTrace(*readTrace)
		if err != nil {
			fatalf("%s: %v", *readTrace, err)
		}
		fmt.Println(f)
		return
	}
	for k := range strings.SplitSeq(durableFloors, ",") {
		switch k = strings.TrimSpace(k); k {
		case "bbolt", "log":
			c.durableFloors = append(c.durableFloors, k)
		case "", "off":
		default:
			fatalf("-durable-floor %q: want bbolt, log, bbolt,log or off", k)
		}
	}
	for f := range strings.SplitSeq(idle, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			fatalf("-idle: %q is not a positive count", f)
		}
		c.idle = append(c.idle, n)
	}
	slices.Sort(c.idle)
	total := c.idle[len(c.idle)-1]
	streamed := float64(c.rate) * (c.warmup + c.duration).Seconds()
	if c.senders <= 0 {
		c.senders = int(streamed/15) + 1
	}
	c.senders = min(max(c.senders, c.agents), total)
	c.satSenders = min(c.satSenders, total-c.senders)
	c.stormMissed = min(c.stormMissed, total)
	if c.agents < 1 || c.senders < c.agents || c.rate < 1 {
		fatalf("need at least one agent, at least as many senders as agents, and a positive rate")
	}
	// A site's default limit is 20 messages per visitor per minute (a
	// bucket of 20, refilled one per 3 s); each visitor spends one on its
	// first message.
	if each := streamed / float64(c.senders); each > 18+(c.warmup+c.duration).Seconds()/3 {
		fatalf("-rate %d for %s over %d talkers is %.0f messages each: over the limit of 20 per visitor per minute; hold more visitors (-idle) or lower -rate", c.rate, c.warmup+c.duration, c.senders, each)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, c.limit)
	defer cancel()
	if err := run(ctx, c); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%7.1fs  "+format+"\n", append([]any{time.Since(epoch).Seconds()}, args...)...)
}

// results gathers every figure for the table.
type results struct {
	idle []idleStep
	// floorConnsPerSec is connections (with one round trip) per second on the relay.
	floorConnsPerSec float64
	stream, floor    streamResult
	// durableFloors are the streams on the relays that commit each
	// message before forwarding it, one per c.durableFloors.
	durableFloors []streamResult
	sat, floorSat float64
	storm         stormResult
	serverErrors  []string
	finalRSS      int64
	indexRSS      int64
	threads       int
}

type idleStep struct {
	conns       int
	rssPerConn  float64 // bytes, over the RSS at rest
	anonPerConn float64
	// marginal is the RSS added per connection since the previous step:
	// the RSS at rest moves by tens of MiB from run to run (whether the
	// runtime has returned its start-up garbage yet), which at 10,000
	// connections is ±2 KiB each; the difference of two steps is not.
	marginal    float64
	hasMarginal bool
	rss         int64
	connsPerSec float64
}

func run(ctx context.Context, c config) error {
	total := c.idle[len(c.idle)-1]
	nofile := raiseFileLimit(uint64(2*total + 4096))
	if nofile < uint64(total+2048) {
		return fmt.Errorf("RLIMIT_NOFILE is %d: too low for %d connections", nofile, total)
	}
	logf("GOMAXPROCS %d, RLIMIT_NOFILE %d", runtime.GOMAXPROCS(0), nofile)

	floor, err := startFloor("")
	if err != nil {
		return err
	}
	defer floor.close()
	s, err := startServer(ctx, c.server, c.profile != "")
	if err != nil {
		return err
	}
	defer s.stop()
	logf("server pid %d on %s, site %s, log %s", s.cmd.Process.Pid, s.url, s.siteKey, s.logPath)

	var res results
	var rec atomic.Pointer[recorder]

	// 1. Idle visitors: RSS per connection and connections per second.
	time.Sleep(time.Second)
	baseRSS, baseAnon, err := s.memory()
	if err != nil {
		return err
	}
	logf("server RSS at rest %s (anonymous %s)", kib(float64(baseRSS)), kib(float64(baseAnon)))
	visitors := make([]*peer, 0, total)
	for _, n := range c.idle {
		from := len(visitors)
		t0 := time.Now()
		opened, err := parallel(ctx, n-from, c.dialConcurrency, func(i int) (*peer, error) {
			return visitorHello(s, from+i, "", "", 0, &rec)
		})
		if err != nil {
			return fmt.Errorf("opening visitors %d..%d: %w", from, n, err)
		}
		elapsed := time.Since(t0)
		visitors = append(visitors, opened...)
		time.Sleep(3 * time.Second) // let the hellos' writes and the GC settle
		rss, anon, err := s.memory()
		if err != nil {
			return err
		}
		step := idleStep{conns: n, rss: rss, rssPerConn: float64(rss-baseRSS) / float64(n),
			anonPerConn: float64(anon-baseAnon) / float64(n), connsPerSec: float64(n-from) / elapsed.Seconds()}
		if len(res.idle) > 0 {
			prev := res.idle[len(res.idle)-1]
			step.marginal, step.hasMarginal = float64(rss-prev.rss)/float64(n-prev.conns), true
		}
		res.idle = append(res.idle, step)
		logf("%d idle visitors: RSS %s, %s per connection (anonymous %s), %s each since the previous step; %.0f connections/s", n,
			kib(float64(rss)), kib(step.rssPerConn), kib(step.anonPerConn), kib(step.marginal), step.connsPerSec)
	}
	if c.profile != "" {
		s.saveProfile(c.profile, "idle-heap.pprof", "heap?gc=1", 0)
	}
	if res.floorConnsPerSec, err = floorConnRate(ctx, floor, min(total, 1000), c.dialConcurrency); err != nil {
		return err
	}
	logf("floor: %.0f connections/s", res.floorConnsPerSec)

	// 2. Every visitor starts a conversation, so that each has one to resume.
	logf("each visitor sends a first message")
	if _, err := parallel(ctx, len(visitors), 500, func(i int) (struct{}, error) {
		return struct{}{}, firstMessage(visitors[i])
	}); err != nil {
		return err
	}

	// 3. Agents follow the talking visitors' conversations, shared out.
	t0 := time.Now()
	agents, err := parallel(ctx, c.agents, c.agents, func(i int) (*peer, error) { return agentHello(s, i, &rec) })
	if err != nil {
		return err
	}
	followed := min(c.follow*c.agents, c.senders)
	if err := subscribeAgents(ctx, agents, visitors[:followed]); err != nil {
		return err
	}
	logf("%d agents follow %d conversations (their welcomes took %.1f s: routing placing the new conversations)", len(agents), followed, time.Since(t0).Seconds())

	// 4. The open-loop stream, on the server then on the floor.
	logf("stream: %d msg/s from %d visitors for %s (+%s warm-up), %d idle connections held", c.rate, c.senders, c.duration, c.warmup, total)
	if c.profile != "" {
		go func() {
			time.Sleep(100*time.Millisecond + c.warmup)
			go func() {
				time.Sleep(c.duration / 2)
				s.saveProfile(c.profile, "stream-goroutines.txt", "goroutine?debug=1", 0)
			}()
			go func() {
				time.Sleep(c.duration/2 - streamTrace/2)
				s.saveProfile(c.profile, "stream.trace", "trace?seconds="+strconv.Itoa(int(streamTrace.Seconds())), streamTrace)
			}()
			s.saveProfile(c.profile, "stream-cpu.pprof", "profile?seconds="+strconv.Itoa(int(c.duration.Seconds())), c.duration)
		}()
		profileSelf(c.profile, "stream-bench-cpu.pprof", 100*time.Millisecond+c.warmup, c.duration)
	}
	res.stream = runStream(ctx, &rec, c, serverTarget(s, visitors[:c.senders], agents, c.follow))
	logf("server: %s", res.stream)
	if c.profile != "" {
		if f, err := writerTrace(c.profile + "/stream.trace"); err != nil {
			logf("stream.trace: %v", err)
		} else {
			logf("%s", f)
		}
	}
	fvisitors, fagents, err := floorPeers(ctx, floor, c, &rec)
	if err != nil {
		return err
	}
	if c.profile != "" {
		profileSelf(c.profile, "floor-bench-cpu.pprof", 100*time.Millisecond+c.warmup, c.duration)
	}
	res.floor = runStream(ctx, &rec, c, floorTarget("floor", fvisitors, fagents))
	logf("floor: %s", res.floor)
	closeAll(fvisitors)
	closeAll(fagents)
	for _, kind := range c.durableFloors {
		r, err := runDurableFloor(ctx, c, kind, &rec)
		if err != nil {
			return err
		}
		logf("durable floor, %s: %s", kind, r)
		res.durableFloors = append(res.durableFloors, r)
	}

	// 5. Peak durable throughput, closed loop, then the floor's.
	if c.satSenders > 0 {
		if err := peak(ctx, c, floor, visitors, &rec, &res); err != nil {
			return err
		}
	}

	// 6. The reconnect storm.
	time.Sleep(2 * time.Second)
	res.storm, visitors, err = storm(ctx, s, c, visitors, &rec)
	if err != nil {
		return err
	}
	logf("storm: %s", res.storm)

	// Gaps and duplicates before the storm were counted by storm too.
	for _, p := range visitors {
		p.mu.Lock()
		if p.lastErr != "" && len(res.serverErrors) < 5 {
			res.serverErrors = append(res.serverErrors, p.lastErr)
		}
		p.mu.Unlock()
	}
	res.finalRSS, _, _ = s.memory()
	res.indexRSS = s.indexRSS()
	res.threads = s.threads()
	printTable(os.Stdout, c, res)
	closeAll(visitors)
	closeAll(agents)
	return nil
}

// parallel runs fn for 0..n-1 with at most conc at once and collects the
// results in order; it stops at the first error or when ctx ends.
func parallel[T any](ctx context.Context, n, conc int, fn func(i int) (T, error)) ([]T, error) {
	out := make([]T, n)
	var next atomic.Int64
	var firstErr atomic.Pointer[error]
	var wg sync.WaitGroup
	for range max(1, min(conc, n)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				if firstErr.Load() != nil || ctx.Err() != nil {
					return
				}
				v, err := fn(i)
				if err != nil {
					firstErr.CompareAndSwap(nil, &err)
					return
				}
				out[i] = v
			}
		})
	}
	wg.Wait()
	if e := firstErr.Load(); e != nil {
		return nil, *e
	}
	return out, ctx.Err()
}

func closeAll(ps []*peer) {
	for _, p := range ps {
		if p != nil {
			p.ws.Close()
		}
	}
}

// drainAcks forgets acks left over from an earlier phase.
func drainAcks(p *peer) {
	for {
		select {
		case <-p.acks:
		default:
			return
		}
	}
}

func waitAck(p *peer, d time.Duration) error {
	select {
	case f := <-p.acks:
		if f.Type == "error" && f.Error != nil {
			return fmt.Errorf("peer %d: send refused: %s: %s", p.id, f.Error.Code, f.Error.Message)
		}
		return nil
	case <-p.closed:
		return fmt.Errorf("peer %d closed (code %d) while waiting for an ack", p.id, p.closeCd.Load())
	case <-time.After(d):
		p.mu.Lock()
		defer p.mu.Unlock()
		return fmt.Errorf("peer %d: no ack in %s (last error: %s)", p.id, d, p.lastErr)
	}
}

func firstMessage(p *peer) error {
	drainAcks(p)
	if err := p.writeFrame(sendFrame("", "first-"+strconv.Itoa(p.id), "Hello, I have a question about an order.")); err != nil {
		return err
	}
	if err := waitAck(p, 30*time.Second); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conv == "" {
		return fmt.Errorf("visitor %d: ack without a conversation", p.id)
	}
	return nil
}

// subscribeAgents shares the talkers' conversations among the agents, one
// agent per conversation as on a real desk, and waits for every synced. The
// frames are paced under the per-connection limit (burst 60, 20/s).
func subscribeAgents(ctx context.Context, agents, talkers []*peer) error {
	_, err := parallel(ctx, len(agents), len(agents), func(a int) (struct{}, error) {
		var convs []string
		for i := a; i < len(talkers); i += len(agents) {
			convs = append(convs, talkers[i].conv)
		}
		for k, conv := range convs {
			if k >= 50 {
				time.Sleep(60 * time.Millisecond)
			}
			if err := agents[a].writeFrame(sendSubscribe(conv)); err != nil {
				return struct{}{}, err
			}
		}
		timeout := time.After(60 * time.Second)
		for range convs {
			select {
			case <-agents[a].synced:
			case <-timeout:
				return struct{}{}, fmt.Errorf("agent %d: not every subscription synced in 60 s", a)
			}
		}
		return struct{}{}, nil
	})
	return err
}

// saturate has every peer send each messages one after the other, each
// after the previous one's ack (closed loop), and returns acks per second.
func saturate(ctx context.Context, ps []*peer, each int, send func(p *peer, k int) error) (float64, error) {
	for _, p := range ps {
		drainAcks(p)
	}
	t0 := time.Now()
	var done atomic.Int64
	_, err := parallel(ctx, len(ps), len(ps), func(i int) (struct{}, error) {
		for k := range each {
			if err := send(ps[i], k); err != nil {
				return struct{}{}, err
			}
			if err := waitAck(ps[i], 30*time.Second); err != nil {
				return struct{}{}, err
			}
			done.Add(1)
		}
		return struct{}{}, nil
	})
	return float64(done.Load()) / time.Since(t0).Seconds(), err
}

// runDurableFloor runs the stream once more, on a relay that commits each
// message (to a store of that kind) before forwarding it.
func runDurableFloor(ctx context.Context, c config, kind string, rec *atomic.Pointer[recorder]) (streamResult, error) {
	floor, err := startFloor(kind)
	if err != nil {
		return streamResult{}, err
	}
	defer floor.close()
	vs, as, err := floorPeers(ctx, floor, c, rec)
	if err != nil {
		return streamResult{}, err
	}
	defer closeAll(vs)
	defer closeAll(as)
	return runStream(ctx, rec, c, floorTarget("durable floor, "+kind, vs, as)), nil
}

// floorConnRate opens n relay connections, each with one echo round trip
// (as a visitor's hello and welcome), and returns connections per second.
func floorConnRate(ctx context.Context, f *floorRelay, n, conc int) (float64, error) {
	var rec atomic.Pointer[recorder]
	echo := []byte(`self|{"type":"send","cid":"echo","body":"hello"}`)
	t0 := time.Now()
	ps, err := parallel(ctx, n, conc, func(i int) (*peer, error) {
		p, err := floorPeer(f, "c"+strconv.Itoa(i), i, false, &rec)
		if err != nil {
			return nil, err
		}
		if err := p.write(echo); err != nil {
			return nil, err
		}
		return p, waitAck(p, 10*time.Second)
	})
	rate := float64(n) / time.Since(t0).Seconds()
	closeAll(ps)
	return rate, err
}

// floorPeers opens the floor's talkers (at most 1000: the relay has no
// per-connection limit to spread the load under) and agents.
func floorPeers(ctx context.Context, f *floorRelay, c config, rec *atomic.Pointer[recorder]) (vs, as []*peer, err error) {
	talkers := min(c.senders, 1000)
	if vs, err = parallel(ctx, talkers, c.dialConcurrency, func(i int) (*peer, error) {
		return floorPeer(f, floorVisitorName(i), i, false, rec)
	}); err != nil {
		return nil, nil, err
	}
	as, err = parallel(ctx, c.agents, c.agents, func(i int) (*peer, error) {
		return floorPeer(f, floorAgentName(i), i, true, rec)
	})
	// Wait until the relay has registered everyone before sending.
	for deadline := time.Now().Add(10 * time.Second); f.count.Load() < int64(talkers+c.agents) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	return vs, as, err
}

func kib(b float64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.2f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	default:
		return fmt.Sprintf("%.1f KiB", b/1024)
	}
}

// peak measures durable throughput closed loop: satSenders visitors that
// did not talk in the stream each send satEach messages, each after the
// previous one's ack; then the same on the floor with echoes.
func peak(ctx context.Context, c config, floor *floorRelay, visitors []*peer, rec *atomic.Pointer[recorder], res *results) error {
	var err error
	if res.sat, err = saturate(ctx, visitors[c.senders:c.senders+c.satSenders], c.satEach, func(p *peer, k int) error {
		return p.writeFrame(sendFrame(p.conv, "s"+strconv.Itoa(p.id)+"-"+strconv.Itoa(k), "bench saturation message"))
	}); err != nil {
		return err
	}
	logf("server: %.0f durable msgs/s at saturation (%d senders)", res.sat, c.satSenders)
	fsat, err := parallel(ctx, c.satSenders, c.dialConcurrency, func(i int) (*peer, error) {
		return floorPeer(floor, "s"+strconv.Itoa(i), i, false, rec)
	})
	if err != nil {
		return err
	}
	echo := []byte(`self|{"type":"send","cid":"echo","body":"bench saturation message"}`)
	if res.floorSat, err = saturate(ctx, fsat, c.satEach, func(p *peer, _ int) error { return p.write(echo) }); err != nil {
		return err
	}
	closeAll(fsat)
	logf("floor: %.0f msgs/s at saturation", res.floorSat)
	return nil
}
