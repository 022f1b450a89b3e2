package wire

// Routing: who answers which conversation (docs/routing.md).

// Agent availability. An agent sets online or away; the server derives the
// rest: away when every window of the app has been idle for a while or all
// were closed a moment ago, offline when none has been open for longer.
const (
	AvailabilityOnline  = "online"
	AvailabilityAway    = "away"
	AvailabilityOffline = "offline"
)

// DefaultCapacity is how many open conversations an agent takes at once
// when an admin has not said otherwise.
const DefaultCapacity = 3

// MaxCapacity bounds an agent's capacity.
const MaxCapacity = 50

// MaxNoteRunes bounds the note of a transfer or an escalation.
const MaxNoteRunes = 1000

// AgentStatus is an agent as routing sees them: sent to every agent's app
// (agent welcome and agents frames) for the availability switch and the
// transfer list.
type AgentStatus struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
	// Availability is online, away or offline (effective, not only the
	// switch: an idle or closed app makes an online agent away).
	Availability string `json:"availability"`
	// Away is the agent's own switch.
	Away bool `json:"away,omitempty"`
	// Load counts the open conversations assigned to the agent.
	Load     int `json:"load"`
	Capacity int `json:"capacity"`
	// Sites lists the sites the agent works on; empty for admins (all).
	Sites []string `json:"sites,omitempty"`
}

// Routing event kinds (RoutingEvent.Kind).
const (
	EventTransferred = "transferred"
	EventEscalated   = "escalated"
)

// RoutingEvent is what routing did, on an agents-only system message:
// transferred (By, to Agent and/or Team, with a Note; Agent empty: in
// line) or escalated (By an agent with a Note, or by the site's waiting
// limit when By is empty).
type RoutingEvent struct {
	Kind      string `json:"kind"`
	Agent     string `json:"agent,omitempty"`
	AgentName string `json:"agentName,omitempty"`
	Team      string `json:"team,omitempty"`
	TeamName  string `json:"teamName,omitempty"`
	By        string `json:"by,omitempty"`
	Note      string `json:"note,omitempty"`
}

// QueueInfo is the shopper's place in line (queue frame).
type QueueInfo struct {
	// Position is 1 for the next conversation to be taken; 0 means the
	// conversation is no longer waiting (an agent has it).
	Position int `json:"position"`
	// Approximate says Position is rounded up (far back in a long line):
	// fewer than Position shoppers are ahead.
	Approximate bool `json:"approximate,omitempty"`
	// UsualWaitMinutes is how long recent shoppers of the site usually
	// waited in line, rounded up; 0 when there is not enough data to say.
	UsualWaitMinutes int `json:"usualWaitMinutes,omitempty"`
}

// AssignRequest is the body of POST /api/v1/conversations/{id}/assign:
// give the conversation to an agent (Agent), or to a team (Team: the next
// available member other than who has it, or the team's line), or to the
// next available agent of the site (both empty).
type AssignRequest struct {
	Agent string `json:"agent,omitempty"`
	Team  string `json:"team,omitempty"`
	// Note is for the agents (on the transfer's event line); at most
	// MaxNoteRunes.
	Note string `json:"note,omitempty"`
}

// EscalateRequest is the body of POST /api/v1/conversations/{id}/escalate.
type EscalateRequest struct {
	Note string `json:"note,omitempty"`
}

// AvailabilityRequest is the body of POST /api/v1/me/availability.
type AvailabilityRequest struct {
	Availability string `json:"availability"`
}

// AgentChange is the body of PATCH /api/v1/admin/agents/{id}.
type AgentChange struct {
	Capacity *int `json:"capacity,omitempty"`
}

// AgentList is the answer to GET /api/v1/agents.
type AgentList struct {
	Agents []AgentStatus `json:"agents"`
}

// Team is a group of a site's agents (GET /api/v1/sites/{id}/teams).
type Team struct {
	ID      string   `json:"id"`
	Site    string   `json:"site"`
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

// TeamList is the answer to GET /api/v1/sites/{id}/teams.
type TeamList struct {
	Teams []Team `json:"teams"`
}

// TeamChange is the body of POST /api/v1/admin/sites/{id}/teams (Name
// required) and PATCH /api/v1/admin/teams/{id}: only the fields present
// change.
type TeamChange struct {
	Name    *string   `json:"name,omitempty"`
	Members *[]string `json:"members,omitempty"`
}

// Rule fields (RoutingRule.Field).
const (
	RuleURL   = "url"   // Pattern is a glob on the page URL, * for any run of characters
	RuleLang  = "lang"  // Pattern is a language: "fr" matches fr, fr-FR, fr-CA
	RuleTopic = "topic" // Pattern is one of the pre-chat topics
)

// RoutingRule sends a new conversation whose Field matches Pattern to Team.
type RoutingRule struct {
	Field   string `json:"field"`
	Pattern string `json:"pattern"`
	Team    string `json:"team"`
}

// PreChat is a site's optional pre-chat form: name, email and a topic
// from Topics (none: no topic question).
type PreChat struct {
	Enabled bool     `json:"enabled"`
	Topics  []string `json:"topics,omitempty"`
}

// SiteRouting is GET and PUT /api/v1/admin/sites/{id}/routing.
type SiteRouting struct {
	// EscalateAfterSeconds escalates a conversation to admins when its
	// shopper has waited that long for an answer; 0 never.
	EscalateAfterSeconds int           `json:"escalateAfterSeconds"`
	Rules                []RoutingRule `json:"rules"`
	PreChat              PreChat       `json:"preChat"`
}

// Limits of routing settings.
const (
	MaxTeamsPerSite  = 50
	MaxTeamNameRunes = 60
	MaxRules         = 50
	MaxRulePattern   = 500
	MaxTopics        = 20
	MaxTopicRunes    = 60
	// MaxEscalateAfterSeconds is a day.
	MaxEscalateAfterSeconds = 86400
)
