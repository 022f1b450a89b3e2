package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// The index holds two kinds of documents:
//
//	m/<conv>/<seq>  a message: its body and attachment names
//	v/<visitor>     a contact: name, email and attributes
//
// each with two fields: text (analysed, stored for snippets, with term
// vectors for the match positions) and site (a keyword, for scoping);
// messages also have conv (a keyword), so that an erased conversation's
// messages can be found and deleted.

// formatVersion names this mapping; an index written with another one is
// rebuilt from the store. Bump it when the mapping or the documents change.
const formatVersion = "comptoir-search-2"

const (
	analyzerName   = "comptoir"
	nfkdName       = "comptoir_nfkd"
	stripMarksName = "comptoir_strip_marks"
	fieldText      = "text"
	fieldSite      = "site"
	fieldConv      = "conv"
)

// stripMarks drops combining marks from terms already decomposed (NFKD), so
// that "cafe" finds "café" and "Muller" finds "Müller": shoppers write in
// five languages and often without accents. It changes terms only, never
// the offsets of where they are in the text, which snippets rely on.
type stripMarks struct{}

func (stripMarks) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if !hasMark(tok.Term) {
			continue
		}
		out := make([]byte, 0, len(tok.Term))
		for _, r := range string(tok.Term) {
			if !unicode.Is(unicode.Mn, r) {
				out = utf8.AppendRune(out, r)
			}
		}
		tok.Term = out
	}
	return input
}

func hasMark(term []byte) bool {
	for _, r := range string(term) {
		if unicode.Is(unicode.Mn, r) {
			return true
		}
	}
	return false
}

func init() {
	// bleve finds filters by name in its registry.
	registry.RegisterTokenFilter(stripMarksName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return stripMarks{}, nil
	})
}

// newMapping is the index mapping: one analyser for every language (words
// split on Unicode boundaries, accents folded, lower case, no stemming and
// no stop words, so that every language is treated alike).
func newMapping() (mapping.IndexMapping, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomTokenFilter(nfkdName, map[string]any{"type": unicodenorm.Name, "form": unicodenorm.NFKD}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicodetok.Name,
		"token_filters": []any{nfkdName, stripMarksName, lowercase.Name},
	}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = analyzerName
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzerName
	text.Store = true
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false

	site := bleve.NewKeywordFieldMapping()
	site.Store = false
	site.IncludeTermVectors = false
	site.IncludeInAll = false
	site.DocValues = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, text)
	doc.AddFieldMappingsAt(fieldSite, site)
	conv := bleve.NewKeywordFieldMapping()
	conv.Store, conv.IncludeTermVectors, conv.IncludeInAll, conv.DocValues = false, false, false, false
	doc.AddFieldMappingsAt(fieldConv, conv)
	im.DefaultMapping = doc
	return im, nil
}
