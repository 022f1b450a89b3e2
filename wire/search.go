package wire

// Full-text search over messages and contacts (GET /api/v1/search).

// SearchResults is the answer to GET /api/v1/search: the conversations
// that match, best first, each with the passage that matched.
type SearchResults struct {
	Query   string         `json:"query"`
	Results []SearchResult `json:"results"`
	// Indexing is true while the index is being built from the store (first
	// start, or after it was deleted): results may be incomplete meanwhile.
	Indexing bool `json:"indexing,omitempty"`
}

// Where a search result matched.
const (
	MatchMessage = "message" // a message of the conversation
	MatchContact = "contact" // the contact's name, email or attributes
)

// SearchResult is one conversation that matched.
type SearchResult struct {
	Conversation Conversation `json:"conversation"`
	// Match is MatchMessage or MatchContact.
	Match string `json:"match"`
	// Seq is the matching message's seq (MatchMessage only).
	Seq uint64 `json:"seq,omitempty"`
	// Snippet is the passage around the match, cut into parts; the parts
	// with Match set are the words searched for. It is plain text written by
	// shoppers and agents: show each part as text (never as HTML).
	Snippet []SnippetPart `json:"snippet"`
}

// SnippetPart is a piece of a snippet.
type SnippetPart struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// MaxSearchQuery bounds the length of a search query, in bytes.
const MaxSearchQuery = 200

// Views of the agents' inbox (GET /api/v1/conversations?view=).
const (
	ViewAll        = "all"        // every conversation of the agent's sites
	ViewMine       = "mine"       // assigned to the agent
	ViewUnassigned = "unassigned" // assigned to nobody
	ViewTeam       = "team"       // routed to one of the agent's teams
)
