package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/comptoir/comptoir/wire"
)

func sendFrame(conv, cid, body string) wire.Frame {
	return wire.Frame{Type: wire.TypeSend, Conv: conv, CID: cid, Body: body}
}

func sendSubscribe(conv string) wire.Frame {
	return wire.Frame{Type: wire.TypeSubscribe, Conv: conv}
}

// target is where a stream goes: the real server or the floor relay. Both
// send the same JSON send frame; the relay's has a "DEST|" prefix.
type target struct {
	name string
	// relay: a floor relay, which neither acks nor says what is durable.
	relay    bool
	visitors []*peer
	agents   []*peer
	// visitorSend sends talker i's message; agentSend agent a's reply to
	// its k-th conversation.
	visitorSend func(i int, intended int64) error
	agentSend   func(a, k int, intended int64) error
	// agentConvs is how many conversations agent a follows and answers in.
	agentConvs func(a int) int
	// followed says whether talker i's messages reach an agent as message
	// frames; inbox is how many inbox updates each message makes (server).
	followed func(i int) bool
	inbox    int
	// serverCPU is the CPU time the server process has used so far (nil:
	// the floor, which runs in the bench's process); serverIO its system
	// calls and disk writes so far.
	serverCPU func() time.Duration
	// indexCPU is the part of serverCPU used by the search index's process.
	indexCPU func() time.Duration
	serverIO func() ioCounts
	// serverStages reads where messages waited inside the server since
	// the last reset (nil: the floor).
	serverStages func(reset bool) (map[string]stageFigures, error)
}

func sendJSON(p *peer, prefix string, f wire.Frame) error {
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return p.write(append([]byte(prefix), data...))
}

// serverTarget: agent a follows talkers a, a+m, a+2m… (follow of them).
func serverTarget(s *server, talkers, agents []*peer, follow int) target {
	m := len(agents)
	return target{
		name: "server", visitors: talkers, agents: agents, inbox: m, serverCPU: s.cpu, indexCPU: s.indexCPU, serverIO: s.io, serverStages: s.stages,
		followed: func(i int) bool { return i < follow*m },
		visitorSend: func(i int, t int64) error {
			p := talkers[i]
			return sendJSON(p, "", sendFrame(p.conv, "b"+strconv.FormatInt(t, 10)+"-v"+strconv.Itoa(i), benchBody(t)))
		},
		agentSend: func(a, k int, t int64) error {
			conv := talkers[a+k*m].conv
			return sendJSON(agents[a], "", sendFrame(conv, "b"+strconv.FormatInt(t, 10)+"-a"+strconv.Itoa(a), replyBody(t)))
		},
		agentConvs: func(a int) int { return min(follow, (len(talkers)-a+m-1)/m) },
	}
}

func floorTarget(name string, vs, as []*peer) target {
	m := len(as)
	return target{
		name: name, relay: true, visitors: vs, agents: as, followed: func(int) bool { return true },
		visitorSend: func(i int, t int64) error {
			return sendJSON(vs[i], floorAgentName(i%m)+"|", sendFrame("1", "b"+strconv.FormatInt(t, 10)+"-v"+strconv.Itoa(i), benchBody(t)))
		},
		agentSend: func(a, k int, t int64) error {
			return sendJSON(as[a], floorVisitorName(a+k*m)+"|", sendFrame("1", "b"+strconv.FormatInt(t, 10)+"-a"+strconv.Itoa(a), replyBody(t)))
		},
		agentConvs: func(a int) int { return (len(vs) - a + m - 1) / m },
	}
}

// streamResult is what one open-loop stream measured.
type streamResult struct {
	toAgent, toInbox, toVisitor, ack summary
	// inboxWant and inboxGot count inbox updates expected and received.
	inboxWant, inboxGot int64
	// sent counts measured visitor messages, followed those of followed
	// conversations, received how many of those agents got.
	sent, followed, received int64
	// agentSent and visitorGot are the same for replies.
	agentSent, visitorGot int64
	// skipped counts sends the schedule could not hand to a sender in time
	// (its queue was full): they are never sent, and reported.
	skipped int64
	// durable is acks per second over the measured window.
	durable float64
	// offered is the schedule's rate.
	offered float64
	errors  int64
	// serverCPU and benchCPU are the CPU time (user + system) the server
	// and the bench process used over the measured window: a figure that
	// holds on a busy machine, where latencies do not.
	serverCPU, benchCPU time.Duration
	// indexCPU is the part of serverCPU used by the search index's process.
	indexCPU time.Duration
	// io is the server's system calls and disk writes over the measured
	// window.
	io ioCounts
	// stages is where messages waited inside the server over the
	// measured window (chat's stages: read, commit, write); nil for the
	// floor, or when the server could not say.
	stages map[string]stageFigures
}

// perMessage is n per measured shopper message.
func (r streamResult) perMessage(n int64) float64 {
	if r.sent == 0 {
		return 0
	}
	return float64(n) / float64(r.sent)
}

// cpuPerMessage is CPU time per measured shopper message, in µs.
func (r streamResult) cpuPerMessage(d time.Duration) float64 {
	if r.sent == 0 {
		return 0
	}
	return float64(d.Microseconds()) / float64(r.sent)
}

func (r streamResult) String() string {
	return fmt.Sprintf("inbox p50 %.2f ms p99 %.2f ms (%d/%d); shopper→agent p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms (%d/%d); agent→shopper p50 %.2f p99 %.2f ms (%d/%d); ack p50 %.2f ms p99 %.2f ms; %.0f msgs/s; %d skipped, %d send errors; CPU per message: server %.0f µs (its search index process %.0f), bench %.0f µs; server syscalls per message: %.2f reads, %.2f writes; disk %.1f KiB per message",
		r.toInbox.p50, r.toInbox.p99, r.inboxGot, r.inboxWant,
		r.toAgent.p50, r.toAgent.p99, r.toAgent.p999, r.toAgent.maximum, r.received, r.followed,
		r.toVisitor.p50, r.toVisitor.p99, r.visitorGot, r.agentSent, r.ack.p50, r.ack.p99, r.durable, r.skipped, r.errors,
		r.cpuPerMessage(r.serverCPU), r.cpuPerMessage(r.indexCPU), r.cpuPerMessage(r.benchCPU), r.perMessage(r.io.reads), r.perMessage(r.io.writes), r.perMessage(r.io.diskWritten)/1024) + r.stagesString()
}

// stageNames are the server's stages in a message's order, with what
// each waits for.
var stageNames = []struct{ name, what string }{
	{"read", "parked socket readable → its frame read"},
	{"commit", "post handed to the store → on disk"},
	{"store queue", "of the commit, every store write: waiting for the store's writer"},
	{"store transaction", "of the commit, every store write: its transaction, bbolt's commit and fsyncs"},
	{"write", "queued for a shopper's socket → written, per wake-up"},
	{"agent write", "the same on agents' sockets"},
}

// stagesString is where messages waited inside the server, for the log.
func (r streamResult) stagesString() string {
	if r.stages == nil {
		return ""
	}
	s := "; inside the server"
	for _, st := range stageNames {
		f := r.stages[st.name]
		s += fmt.Sprintf(", %s p50 %.2f p99 %.2f max %.2f ms (%d)", st.name, usMs(f.P50), usMs(f.P99), usMs(f.Max), f.Count)
	}
	return s
}

func usMs(us int64) float64 { return float64(us) / 1000 }

// runStream sends c.rate visitor messages per second for warmup+duration on
// a fixed schedule that never waits for answers (open loop), spread round
// robin over the talkers, while each agent replies at c.agentRate. Then it
// waits (at most 15 s) for the last deliveries.
func runStream(ctx context.Context, recPtr *atomic.Pointer[recorder], c config, t target) streamResult {
	rec := newRecorder()
	interval := int64(time.Second) / int64(c.rate)
	start := sinceEpoch() + int64(100*time.Millisecond)
	measureFrom := start + int64(c.warmup)
	end := measureFrom + int64(c.duration)
	rec.from.Store(measureFrom)
	recPtr.Store(rec)

	var res streamResult
	var sent, followed, agentSent, errs atomic.Int64
	var firstErr atomic.Pointer[string]
	noteErr := func(who string, err error) {
		errs.Add(1)
		msg := who + ": " + err.Error()
		firstErr.CompareAndSwap(nil, &msg)
	}
	var wg sync.WaitGroup

	// CPU used over the measured window.
	var cpu sync.WaitGroup
	cpu.Go(func() {
		time.Sleep(time.Duration(measureFrom - sinceEpoch()))
		s0, b0, x0 := t.cpuOfServer(), selfCPU(), t.cpuOfIndex()
		io0 := t.ioOfServer()
		t.stagesOfServer(true)
		time.Sleep(time.Duration(end - sinceEpoch()))
		res.serverCPU, res.benchCPU, res.indexCPU = t.cpuOfServer()-s0, selfCPU()-b0, t.cpuOfIndex()-x0
		res.io = t.ioOfServer().minus(io0)
		res.stages = t.stagesOfServer(false)
	})

	// One goroutine per talker writes what the schedule hands it.
	queues := make([]chan int64, len(t.visitors))
	for i := range queues {
		queues[i] = make(chan int64, 64)
		wg.Go(func() {
			for due := range queues[i] {
				if err := t.visitorSend(i, due); err != nil {
					noteErr("talker "+strconv.Itoa(i), err)
					continue
				}
				if due >= measureFrom {
					sent.Add(1)
					if t.followed(i) {
						followed.Add(1)
					}
				}
			}
		})
	}
	// Each agent replies on its own fixed schedule.
	var agents sync.WaitGroup
	for a := range t.agents {
		agents.Go(func() {
			n := t.agentConvs(a)
			if c.agentRate <= 0 || n == 0 {
				return
			}
			step := int64(float64(time.Second) / c.agentRate)
			due := start + int64(a)*step/int64(len(t.agents)) // stagger the agents
			for k := 0; due < end && ctx.Err() == nil; k++ {
				if wait := due - sinceEpoch(); wait > 0 {
					time.Sleep(time.Duration(wait))
				}
				if err := t.agentSend(a, k%n, due); err != nil {
					noteErr("agent "+strconv.Itoa(a), err)
				} else if due >= measureFrom {
					agentSent.Add(1)
				}
				due += step
			}
		})
	}
	// The schedule: message k is due at start + k*interval, whatever
	// happened to the ones before.
	total := (end - start) / interval
	var skipped int64
	for k := int64(0); k < total && ctx.Err() == nil; {
		now := sinceEpoch()
		for ; k < total && start+k*interval <= now; k++ {
			select {
			case queues[k%int64(len(queues))] <- start + k*interval:
			default:
				if start+k*interval >= measureFrom {
					skipped++
				}
			}
		}
		if k < total {
			time.Sleep(time.Duration(start + k*interval - sinceEpoch()))
		}
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	agents.Wait()
	cpu.Wait()

	// Wait for the tail: everything sent should arrive.
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && ctx.Err() == nil; {
		if rec.toAgentN.Load() >= followed.Load() && rec.toVisitorN.Load() >= agentSent.Load() &&
			rec.toInboxN.Load() >= int64(t.inbox)*sent.Load() && (t.relay || rec.acked.Load() >= sent.Load()) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	recPtr.Store(nil)
	if e := firstErr.Load(); e != nil {
		logf("%s: %d send errors, the first: %s", t.name, errs.Load(), *e)
	}
	for _, p := range append(append([]*peer{}, t.agents...), t.visitors...) {
		select {
		case <-p.closed:
			logf("%s: peer %d (agent %v) was closed by the server with code %d", t.name, p.id, p.agent, p.closeCd.Load())
		default:
		}
	}

	res.toAgent, res.toVisitor, res.ack = rec.toAgent.summary(), rec.toVisitor.summary(), rec.ack.summary()
	res.toInbox, res.inboxWant, res.inboxGot = rec.toInbox.summary(), int64(t.inbox)*sent.Load(), rec.toInboxN.Load()
	res.sent, res.followed, res.received = sent.Load(), followed.Load(), rec.toAgentN.Load()
	res.agentSent, res.visitorGot = agentSent.Load(), rec.toVisitorN.Load()
	res.skipped, res.errors = skipped, errs.Load()
	res.offered = float64(c.rate)
	window := time.Duration(end - measureFrom).Seconds()
	if t.relay {
		res.durable = float64(res.received) / window // delivered
	} else {
		res.durable = float64(rec.acked.Load()) / window
	}
	return res
}

func (t target) ioOfServer() ioCounts {
	if t.serverIO == nil {
		return ioCounts{}
	}
	return t.serverIO()
}

// stagesOfServer reads (and with reset, restarts) the server's stages;
// nil for the floor or on an error (logged).
func (t target) stagesOfServer(reset bool) map[string]stageFigures {
	if t.serverStages == nil {
		return nil
	}
	st, err := t.serverStages(reset)
	if err != nil {
		logf("server stages: %v", err)
		return nil
	}
	return st
}

func (t target) cpuOfServer() time.Duration {
	if t.serverCPU == nil {
		return 0
	}
	return t.serverCPU()
}

func (t target) cpuOfIndex() time.Duration {
	if t.indexCPU == nil {
		return 0
	}
	return t.indexCPU()
}

// selfCPU is the CPU time this process has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
