package wire

// REST payloads of /api/v1. Every error response is an ErrorBody.

// LoginRequest is the body of POST /api/v1/auth/login.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Session is the answer to login and to GET /api/v1/me. CSRF must be sent
// back in the X-CSRF-Token header of every state-changing request.
type Session struct {
	Agent Agent  `json:"agent"`
	CSRF  string `json:"csrf"`
}

// ConversationList is the answer to GET /api/v1/conversations.
type ConversationList struct {
	Conversations []Conversation `json:"conversations"`
}

// ConversationDetail is the answer to GET /api/v1/conversations/{id}.
type ConversationDetail struct {
	Conversation Conversation `json:"conversation"`
	Messages     []Message    `json:"messages"`
}

// SendRequest is the body of POST /api/v1/conversations/{id}/messages.
type SendRequest struct {
	CID  string `json:"cid"`
	Body string `json:"body"`
}

// StatusRequest is the body of POST /api/v1/conversations/{id}/status.
type StatusRequest struct {
	Status string `json:"status"`
}

// SiteSettings is what the widget needs to draw itself; sent in the visitor's
// welcome frame and by GET /api/v1/sites/{key}/settings.
type SiteSettings struct {
	Name      string   `json:"name"`
	Color     string   `json:"color"`
	Greeting  string   `json:"greeting,omitempty"`
	Languages []string `json:"languages,omitempty"`
}
