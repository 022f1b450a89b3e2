package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

// durableFloorKinds says what each -durable-floor store does.
var durableFloorKinds = map[string]string{
	"bbolt": "to a bbolt file with one group-commit writer (the design's store: two fdatasyncs a commit)",
	"log":   "to a file it appends to, one fdatasync per group commit (the least any durable design does)",
}

// printTable writes the figures as a Markdown table, each next to the
// floor (where one applies), the ratio to it, and the target of issue 4.
func printTable(w io.Writer, c config, r results) {
	// row writes a row; durable are the durable floors' figures, if any.
	row := func(figure, ours, floor, ratio, target, verdict string, durable ...string) {
		fmt.Fprintf(w, "| %s | %s | %s | %s |", figure, ours, floor, ratio)
		for i := range c.durableFloors {
			d := ""
			if i < len(durable) {
				d = durable[i]
			}
			fmt.Fprintf(w, " %s |", d)
		}
		fmt.Fprintf(w, " %s | %s |\n", target, verdict)
	}
	// durable is f of each durable floor's stream.
	durable := func(f func(streamResult) string) []string {
		var out []string
		for _, d := range r.durableFloors {
			out = append(out, f(d))
		}
		return out
	}
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**not met**"
	}
	ms := func(v float64) string { return fmt.Sprintf("%.2f ms", v) }
	x := func(ours, floor float64) string {
		if floor == 0 {
			return "—"
		}
		if ours/floor < 1 {
			return fmt.Sprintf("%.2f×", ours/floor)
		}
		return fmt.Sprintf("%.1f×", ours/floor)
	}
	total := c.idle[len(c.idle)-1]
	host, _ := os.Hostname()
	fmt.Fprintf(w, "\n## Comptoir load benchmark — %s, %d CPUs, %s, %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU(), runtime.Version(), host)
	fmt.Fprintf(w, "Stream: %d msg/s open loop from %d visitors, %d agents replying %.0f msg/s each, %s measured after %s warm-up, %d idle visitors held. Floor: bare fasthttp/websocket relay in the bench process, same clients and schedule, no idle connections.",
		c.rate, c.senders, c.agents, c.agentRate, c.duration, c.warmup, total)
	for _, k := range c.durableFloors {
		fmt.Fprintf(w, " Durable floor, %s: the same relay committing each message %s before forwarding it, on the server's disk.", k, durableFloorKinds[k])
	}
	fmt.Fprint(w, "\n\n| figure | Comptoir | floor | ratio |")
	for _, k := range c.durableFloors {
		fmt.Fprintf(w, " durable floor, %s |", k)
	}
	fmt.Fprintln(w, " target (issue 4) | |")
	fmt.Fprintln(w, "|---|---|---|---|"+strings.Repeat("---|", len(c.durableFloors))+"---|---|")
	for _, s := range r.idle {
		target, verdict := "", ""
		if s.conns >= 10000 {
			// The larger of the two readings: over the RSS at rest, and
			// since the previous step (idleStep.marginal).
			target, verdict = "≤ 8 KiB (10k held)", met(max(s.rssPerConn, s.marginal) <= 8192)
		}
		figure := fmt.Sprintf("%s over the RSS at rest (anon %s)", kib(s.rssPerConn), kib(s.anonPerConn))
		if s.hasMarginal {
			figure += fmt.Sprintf("; %s each since the previous step", kib(s.marginal))
		}
		row(fmt.Sprintf("server RSS per idle visitor, %d held", s.conns), figure, "", "", target, verdict)
	}
	for i, s := range r.idle {
		from := 0
		if i > 0 {
			from = r.idle[i-1].conns
		}
		row(fmt.Sprintf("connections opened/s (hello→welcome), %d→%d", from, s.conns), fmt.Sprintf("%.0f", s.connsPerSec),
			fmt.Sprintf("%.0f", r.floorConnsPerSec), x(s.connsPerSec, r.floorConnsPerSec), "", "")
	}
	st, fl := r.stream, r.floor
	// lat writes a latency's rows; of picks it out of a stream.
	lat := func(name string, of func(streamResult) summary, floorOf func(streamResult) summary, target string, limit float64) {
		for _, q := range []struct {
			label string
			v     func(summary) float64
		}{{"p50", func(s summary) float64 { return s.p50 }}, {"p99", func(s summary) float64 { return s.p99 }},
			{"p99.9", func(s summary) float64 { return s.p999 }}, {"max", func(s summary) float64 { return s.maximum }}} {
			t, v := "", ""
			ov, fv := q.v(of(st)), q.v(floorOf(fl))
			if q.label == "p99" && target != "" {
				t, v = target, met(ov <= limit)
			}
			row(name+" "+q.label, ms(ov), ms(fv), x(ov, fv), t, v, durable(func(d streamResult) string { return ms(q.v(floorOf(d))) })...)
		}
	}
	toAgent := func(s streamResult) summary { return s.toAgent }
	toVisitor := func(s streamResult) summary { return s.toVisitor }
	lat(fmt.Sprintf("shopper→agent, message frame in a followed conversation (%d msgs)", st.received), toAgent, toAgent, "≤ 5 ms", 5)
	lat(fmt.Sprintf("shopper→agent, inbox update to every agent (%d)", st.inboxGot), func(s streamResult) summary { return s.toInbox }, toAgent, "≤ 5 ms", 5)
	lat(fmt.Sprintf("agent→shopper, message frame (%d msgs)", st.visitorGot), toVisitor, toVisitor, "", 0)
	row("shopper send→ack (on disk) p50 / p99", ms(st.ack.p50)+" / "+ms(st.ack.p99), "", "", "", "")
	for _, sn := range stageNames {
		if f, ok := st.stages[sn.name]; ok {
			row(fmt.Sprintf("inside the server, %s wait (%s; %d) p50 / p99 / p99.9 / max", sn.name, sn.what, f.Count),
				fmt.Sprintf("%s / %s / %s / %s", ms(usMs(f.P50)), ms(usMs(f.P99)), ms(usMs(f.P999)), ms(usMs(f.Max))), "", "", "", "")
		}
	}
	row("CPU per shopper message during the stream: server (of which its search index process) / bench process", fmt.Sprintf("%.0f µs (%.0f) / %.0f µs", st.cpuPerMessage(st.serverCPU), st.cpuPerMessage(st.indexCPU), st.cpuPerMessage(st.benchCPU)),
		fmt.Sprintf("– / %.0f µs (relay and clients)", fl.cpuPerMessage(fl.benchCPU)), "", "", "",
		durable(func(d streamResult) string { return fmt.Sprintf("– / %.0f µs", d.cpuPerMessage(d.benchCPU)) })...)
	row("server system calls per shopper message during the stream: write / read", fmt.Sprintf("%.2f / %.2f", st.perMessage(st.io.writes), st.perMessage(st.io.reads)), "", "", "", "")
	row("server disk writes per shopper message during the stream (store and search index)", fmt.Sprintf("%.1f KiB", st.perMessage(st.io.diskWritten)/1024), "", "", "", "")
	row(fmt.Sprintf("durable msgs/s during the stream (offered %d)", c.rate), fmt.Sprintf("%.0f", st.durable), fmt.Sprintf("%.0f delivered", fl.durable), x(st.durable, fl.durable), "", "",
		durable(func(d streamResult) string { return fmt.Sprintf("%.0f", d.durable) })...)
	lost := st.followed - st.received + st.agentSent - st.visitorGot
	undelivered := func(s streamResult) string {
		return fmt.Sprintf("%d, %d; %d", s.followed-s.received, s.agentSent-s.visitorGot, s.skipped)
	}
	row("stream frames not delivered (message, reply), sends skipped by the scheduler", undelivered(st), undelivered(fl), "", "0", met(lost == 0 && st.skipped == 0),
		durable(undelivered)...)
	// An agent's socket keeps one unwritten inbox row per conversation: a
	// newer one replaces it (hub.Event.Summary). A shopper's message whose
	// row was replaced before it was written (by the agent's reply, or the
	// shopper's next message) is not counted, and is no loss.
	row("inbox rows replaced by a newer row of the same conversation before being written (by design)",
		fmt.Sprintf("%d of %d", st.inboxWant-st.inboxGot, st.inboxWant), "", "", "", "")
	row(fmt.Sprintf("peak durable msgs/s, %d visitors × %d msgs closed loop", c.satSenders, c.satEach), fmt.Sprintf("%.0f", r.sat), fmt.Sprintf("%.0f echoed", r.floorSat), x(r.sat, r.floorSat), "", "")
	sm := r.storm
	stormOK := sm.resumed == sm.clients && sm.gaps == 0 && sm.dups == 0
	target, verdict := "", ""
	if sm.clients >= 10000 {
		target, verdict = "10k within 10 s, no gap, no duplicate", met(stormOK && sm.all <= 10*time.Second)
	}
	row(fmt.Sprintf("reconnect storm: %d visitors resumed", sm.clients), fmt.Sprintf("%d in %.2f s", sm.resumed, sm.all.Seconds()), "", "", target, verdict)
	row("storm catch-up per visitor p50 / p99", fmt.Sprintf("%.0f ms / %.0f ms", sm.perClient.p50, sm.perClient.p99), "", "", "", "")
	row("replies made while away, replayed on resume", fmt.Sprintf("%d/%d", sm.replayed, sm.missed), "", "", "all", met(sm.replayed == sm.missed))
	row("gaps / duplicates seen by visitors in the storm's replays", fmt.Sprintf("%d / %d", sm.gaps, sm.dups), "", "", "0 / 0", met(sm.gaps == 0 && sm.dups == 0))
	row("gaps / duplicates seen by visitors live, before the storm", fmt.Sprintf("%d / %d", sm.gapsBefore, sm.dupsBefore), "", "", "0 / 0", met(sm.gapsBefore == 0 && sm.dupsBefore == 0))
	row("server RSS at the end, threads; search index process RSS", fmt.Sprintf("%s, %d; %s", kib(float64(r.finalRSS)), r.threads, kib(float64(r.indexRSS))), "", "", "", "")
	if sm.failures > 0 {
		fmt.Fprintf(w, "\nStorm failures: %d %s\n", sm.failures, sm.firstFailure)
	}
	if len(r.serverErrors) > 0 {
		fmt.Fprintf(w, "\nError frames seen: %s\n", strings.Join(r.serverErrors, "; "))
	}
	fmt.Fprintln(w)
}
