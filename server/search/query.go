package search

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/comptoir/comptoir/wire"
)

// Limits of one search.
const (
	// maxTerms bounds the words of a query that count.
	maxTerms = 10
	// maxHits is how many documents one search reads before grouping them
	// into conversations.
	maxHits = 200
	// minPrefix is the shortest last word completed as a prefix ("refu"
	// finds "refund"); shorter ones match whole words only.
	minPrefix = 2
)

// ErrNoWords means the query has nothing to search for.
var ErrNoWords = errors.New("search: type at least one word")

// Query is one search, already scoped by the caller.
type Query struct {
	// Text is what the agent typed.
	Text string
	// Sites are the sites searched: the caller passes only sites the agent
	// works on. None: nothing is found.
	Sites []uint64
}

// Hit is one matching document, best first.
type Hit struct {
	// Match is wire.MatchMessage (Conv and Seq set) or wire.MatchContact
	// (Visitor set).
	Match   string
	Conv    uint64
	Seq     uint64
	Visitor uint64
	Snippet []wire.SnippetPart
	Score   float64
}

// Terms are the words of text as the index knows them (folded, lower
// case), without repeats, at most maxTerms.
func (x *Index) Terms(text string) []string {
	a := x.mapping.AnalyzerNamed(analyzerName)
	if a == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, tok := range a.Analyze([]byte(text)) {
		t := string(tok.Term)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
		if len(out) == maxTerms {
			break
		}
	}
	return out
}

// Search finds the documents of q.Sites holding every word of q.Text (the
// last one also as a prefix, for search as you type).
func (x *Index) Search(q Query) ([]Hit, error) {
	terms := x.Terms(q.Text)
	if len(terms) == 0 {
		return nil, ErrNoWords
	}
	if len(q.Sites) == 0 {
		return nil, nil
	}
	var hits []Hit
	if err := x.engine.Search(&SearchRequest{Terms: terms, Sites: q.Sites}, &hits); err != nil {
		return nil, err
	}
	return hits, nil
}

// parseID reads a document id back into a hit.
func parseID(id string) (Hit, bool) {
	parts := strings.Split(id, "/")
	switch {
	case len(parts) == 3 && parts[0] == "m":
		conv, err1 := strconv.ParseUint(parts[1], 10, 64)
		seq, err2 := strconv.ParseUint(parts[2], 10, 64)
		return Hit{Match: wire.MatchMessage, Conv: conv, Seq: seq}, err1 == nil && err2 == nil
	case len(parts) == 2 && parts[0] == "v":
		v, err := strconv.ParseUint(parts[1], 10, 64)
		return Hit{Match: wire.MatchContact, Visitor: v}, err == nil
	}
	return Hit{}, false
}

// Snippet widths, in bytes.
const (
	snippetBefore = 40
	snippetWidth  = 180
)

// Snippet cuts a passage of text around the first match and splits it into
// parts, the matched spans (byte offsets into text) marked. Line breaks
// become spaces; a cut end gets "…".
func Snippet(text string, spans [][2]int) []wire.SnippetPart {
	text = strings.ReplaceAll(text, "\n", " ") // same length: offsets hold
	var clean [][2]int
	for _, s := range spans {
		if s[0] >= 0 && s[0] < s[1] && s[1] <= len(text) {
			clean = append(clean, s)
		}
	}
	sort.Slice(clean, func(i, j int) bool { return clean[i][0] < clean[j][0] })
	merged := clean[:0]
	for _, s := range clean {
		if n := len(merged); n > 0 && s[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], s[1])
			continue
		}
		merged = append(merged, s)
	}

	start, end := 0, len(text)
	if len(merged) > 0 && merged[0][0] > snippetBefore {
		start = wordStart(text, merged[0][0]-snippetBefore, merged[0][0])
	}
	if end-start > snippetWidth {
		end = wordEnd(text, start+snippetWidth)
		if len(merged) > 0 && end < merged[0][1] {
			end = merged[0][1]
		}
	}
	var parts []wire.SnippetPart
	add := func(s string, match bool) {
		if s != "" {
			parts = append(parts, wire.SnippetPart{Text: s, Match: match})
		}
	}
	if start > 0 {
		add("…", false)
	}
	pos := start
	for _, s := range merged {
		if s[1] <= start || s[0] >= end {
			continue
		}
		a, b := max(s[0], start), min(s[1], end)
		add(text[pos:a], false)
		add(text[a:b], true)
		pos = b
	}
	add(text[pos:end], false)
	if end < len(text) {
		add("…", false)
	}
	// Join neighbouring plain parts ("…" and the text after it).
	out := parts[:0]
	for _, p := range parts {
		if n := len(out); n > 0 && !p.Match && !out[n-1].Match {
			out[n-1].Text += p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}

// wordStart moves i forward to the start of a word (after a space), but not
// past limit, and always onto a rune boundary.
func wordStart(text string, i, limit int) int {
	i = max(i, 0)
	for j := i; j < limit; j++ {
		if text[j] == ' ' {
			return j + 1
		}
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// wordEnd moves i back to the end of a word (a space), within a short
// distance, and always onto a rune boundary.
func wordEnd(text string, i int) int {
	i = min(i, len(text))
	for j := i; j > i-20 && j > 0; j-- {
		if text[j-1] == ' ' {
			return j - 1
		}
	}
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}
