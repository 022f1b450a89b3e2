package wire

// Error is a refusal with a stable code, the same on REST
// ({"error":{…}} with an HTTP status) and in WebSocket error frames.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// CID names the send that was refused, when there was one.
	CID string `json:"cid,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// ErrorBody is the JSON body of every REST error response.
type ErrorBody struct {
	Error Error `json:"error"`
}

// Stable error codes. Clients switch on these; messages are for people.
const (
	CodeBadFrame             = "bad_frame"
	CodeBadRequest           = "bad_request"
	CodeBadVersion           = "bad_version"
	CodeUnauthorized         = "unauthorized"
	CodeForbidden            = "forbidden"
	CodeInvalidCredentials   = "invalid_credentials"
	CodeTOTPRequired         = "totp_required" // password right; resend with totp or recoveryCode
	CodeSiteNotFound         = "site_not_found"
	CodeConversationNotFound = "conversation_not_found"
	CodeNotFound             = "not_found"
	CodeHelloRequired        = "hello_required"
	CodeRateLimited          = "rate_limited"
	CodeUnsupportedFile      = "unsupported_file" // an upload that is not an accepted type, or says it is another
	CodeFileTooLarge         = "file_too_large"
	CodeUploadNotFound       = "upload_not_found" // an attachment id that is not the sender's upload waiting to be sent
	CodeIdentityRefused      = "identity_refused"
	CodeInternal             = "internal"
	CodeUnavailable          = "unavailable"
	CodeInvalidEmail         = "invalid_email"    // an email address that cannot be one
	CodeMailUnavailable      = "mail_unavailable" // this server has no SMTP settings
	CodeWrongStatus          = "wrong_status"     // the conversation's status does not allow it (an answer to a proposal already answered…)
)

// WebSocket close codes. 4000–4499: the client should reconnect (with backoff);
// 4500–4999: it should not, until something changes (new login, new page).
// 1001 (going away, server shutdown) and 1009 (frame too big) are standard.
const (
	CloseNormal      = 1000
	CloseGoingAway   = 1001 // server shutting down: reconnect
	CloseTooBig      = 1009 // a frame exceeded MaxFrameBytes: reconnect, do not resend it
	CloseServerError = 1011 // unexpected failure: reconnect

	CloseSlowClient   = 4000 // the send queue overflowed: reconnect and resume
	CloseHelloTimeout = 4001 // no hello in time: reconnect
	CloseRateLimited  = 4002 // too many frames: reconnect after a pause
	CloseReidentify   = 4003 // a verified identify arrived: reconnect now; the hello carries it
	CloseScopeChanged = 4004 // an admin changed the agent's sites: reconnect now, the welcome has the new scope

	CloseUnauthorized = 4500 // no valid session or token: sign in again
	CloseBadVersion   = 4501 // protocol version not spoken: reload the app
	CloseSiteUnknown  = 4502 // no site with this key
	CloseForbidden    = 4503 // origin or scope refused
)

// ShouldReconnect says whether a client should reconnect after a close code.
func ShouldReconnect(code int) bool {
	switch {
	case code >= 4500 && code <= 4999:
		return false
	case code == CloseNormal:
		return false
	default:
		return true
	}
}
