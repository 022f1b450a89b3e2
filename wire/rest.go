package wire

// REST payloads of /api/v1. Every error response is an ErrorBody.

// LoginRequest is the body of POST /api/v1/auth/login.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// TOTP is the 6-digit code of the agent's authenticator app, sent
	// after the server answered totp_required.
	TOTP string `json:"totp,omitempty"`
	// RecoveryCode replaces TOTP when the phone is lost; each works once.
	RecoveryCode string `json:"recoveryCode,omitempty"`
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
	// Attachments are ids of the agent's uploads (POST /uploads) to send
	// with the message; at most MaxAttachments. Body may then be empty.
	Attachments []string `json:"attachments,omitempty"`
	// Private makes it a note for agents only, never shown to the shopper.
	Private bool `json:"private,omitempty"`
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
	// Email is true when the server can send email (SMTP configured): the
	// widget then offers transcripts and asks for an email when away.
	Email bool `json:"email,omitempty"`
	// PreChat, when set, is the form the widget shows before the first
	// message (name, email, topic; docs/routing.md).
	PreChat *PreChat `json:"preChat,omitempty"`
}

// SiteLimits are a site's rate limits for shoppers; 0 means the default.
type SiteLimits struct {
	MessagesPerMinute      int `json:"messagesPerMinute,omitempty"`
	ConversationsPerHour   int `json:"conversationsPerHour,omitempty"`
	MessagesPerIPPerMinute int `json:"messagesPerIpPerMinute,omitempty"`
	UploadsPerHour         int `json:"uploadsPerHour,omitempty"`
	UploadsPerIPPerHour    int `json:"uploadsPerIpPerHour,omitempty"`
}

// Site is a site as admins see it (GET /api/v1/admin/sites), secret included.
type Site struct {
	ID                      string     `json:"id"`
	Key                     string     `json:"key"`
	Name                    string     `json:"name"`
	AllowedOrigins          []string   `json:"allowedOrigins"`
	Color                   string     `json:"color"`
	Greeting                string     `json:"greeting,omitempty"`
	Languages               []string   `json:"languages,omitempty"`
	IdentitySecret          string     `json:"identitySecret"`
	RequireVerifiedIdentity bool       `json:"requireVerifiedIdentity"`
	RetentionDays           int        `json:"retentionDays"`
	Limits                  SiteLimits `json:"limits"`
	// Reasons, AutoAck and ConfirmHours set the conversation tools
	// (convo.go): the complaint reasons, the automatic acknowledgement, and
	// how long a proposed solution waits for the shopper (0: 24 hours).
	Reasons      []string `json:"reasons"`
	AutoAck      AutoAck  `json:"autoAck"`
	ConfirmHours int      `json:"confirmHours,omitempty"`
}

// SiteList is the answer to GET /api/v1/admin/sites.
type SiteList struct {
	Sites []Site `json:"sites"`
}

// SiteChange is the body of POST /api/v1/admin/sites (create: Name required)
// and PATCH /api/v1/admin/sites/{id}: only the fields present change.
type SiteChange struct {
	Name                    *string     `json:"name,omitempty"`
	AllowedOrigins          *[]string   `json:"allowedOrigins,omitempty"`
	Color                   *string     `json:"color,omitempty"`
	Greeting                *string     `json:"greeting,omitempty"`
	Languages               *[]string   `json:"languages,omitempty"`
	RequireVerifiedIdentity *bool       `json:"requireVerifiedIdentity,omitempty"`
	Limits                  *SiteLimits `json:"limits,omitempty"`
	Reasons                 *[]string   `json:"reasons,omitempty"`
	AutoAck                 *AutoAck    `json:"autoAck,omitempty"`
	ConfirmHours            *int        `json:"confirmHours,omitempty"`
}

// TOTPStatus is the answer to GET /api/v1/me/totp.
type TOTPStatus struct {
	Enabled bool `json:"enabled"`
	// RecoveryCodesLeft counts the unused recovery codes.
	RecoveryCodesLeft int `json:"recoveryCodesLeft"`
}

// TOTPSetup is the answer to POST /api/v1/me/totp/setup: a new secret to
// enter in an authenticator app, by hand or as its otpauth:// URI. It guards
// nothing until confirmed with POST /me/totp/enable.
type TOTPSetup struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
}

// TOTPEnableRequest is the body of POST /api/v1/me/totp/enable: a code from
// the app, proving it holds the secret.
type TOTPEnableRequest struct {
	Code string `json:"code"`
}

// TOTPRecoveryCodes is the answer to POST /api/v1/me/totp/enable: one-time
// codes shown this once (the server keeps only their hashes).
type TOTPRecoveryCodes struct {
	Codes []string `json:"codes"`
}

// TOTPDisableRequest is the body of POST /api/v1/me/totp/disable. Code is a
// current code from the app or an unused recovery code.
type TOTPDisableRequest struct {
	Password string `json:"password"`
	Code     string `json:"code"`
}
