package wire

// Agents' accounts as admins manage them (/api/v1/admin/agents).

// AgentAccount is an agent as admins see it: who they are, their role and
// the sites they work on (an admin works on every site).
type AgentAccount struct {
	ID    string   `json:"id"`
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Role  string   `json:"role"`
	Sites []string `json:"sites"`
}

// AgentAccountList is the answer to GET /api/v1/admin/agents.
type AgentAccountList struct {
	Agents []AgentAccount `json:"agents"`
}

// NewAgent is the body of POST /api/v1/admin/agents.
type NewAgent struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	// Password is at least MinPasswordLength characters; the agent may
	// add a second factor after signing in.
	Password string `json:"password"`
	// Role is RoleAgent (the default) or RoleAdmin.
	Role  string   `json:"role,omitempty"`
	Sites []string `json:"sites,omitempty"`
}

// AgentSites is the body of PUT /api/v1/admin/agents/{id}/sites: the
// complete list of sites the agent works on.
type AgentSites struct {
	Sites []string `json:"sites"`
}

// MinPasswordLength is the shortest password an admin may set.
const MinPasswordLength = 8
