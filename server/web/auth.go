package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

const (
	sessionCookie = "comptoir_session"
	sessionTTL    = 30 * 24 * time.Hour
	csrfHeader    = "X-CSRF-Token"
)

// localsSession is the key of the signed-in agent's session in Fiber locals.
const localsSession = "session"

// agentSession is what requireAgent puts in the request's locals.
type agentSession struct {
	agent store.Agent
	sess  store.Session
	token string
}

func (s *agentSession) hash() string {
	h := sha256.Sum256([]byte(s.token))
	return hex.EncodeToString(h[:8])
}

func currentSession(c *fiber.Ctx) *agentSession {
	as, _ := c.Locals(localsSession).(*agentSession)
	return as
}

// requireAgent lets through requests with a live session cookie, and checks
// the CSRF token on every request that changes something.
func (srv *Server) requireAgent(c *fiber.Ctx) error {
	token := c.Cookies(sessionCookie)
	if token == "" {
		return errUnauthorized
	}
	sess, err := srv.db.SessionByToken(token)
	if err != nil {
		return errUnauthorized
	}
	agent, err := srv.db.Agent(sess.AgentID)
	if err != nil {
		return errUnauthorized
	}
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		if !auth.Equal(c.Get(csrfHeader), sess.CSRF) {
			return errCSRF
		}
	}
	c.Locals(localsSession, &agentSession{agent: agent, sess: sess, token: token})
	return c.Next()
}

func (srv *Server) login(c *fiber.Ctx) error {
	if !srv.sameOrigin(c) {
		return &wire.Error{Code: wire.CodeForbidden, Message: "sign in from the Comptoir app itself"}
	}
	var req wire.LoginRequest
	if err := c.BodyParser(&req); err != nil {
		return badRequest("the body must be JSON: {\"email\":…, \"password\":…}")
	}
	if strings.TrimSpace(req.Email) == "" || req.Password == "" {
		return badRequest("enter your email and password")
	}
	account := strings.ToLower(strings.TrimSpace(req.Email))
	if blocked, retry := srv.limits.loginAccount.Blocked(account); blocked {
		return rateLimited(c, retry, fmt.Sprintf("too many failed sign-ins for this account; try again in %s or ask an admin", minutes(retry)))
	}
	if blocked, retry := srv.limits.loginIP.Blocked(c.IP()); blocked {
		return rateLimited(c, retry, fmt.Sprintf("too many failed sign-ins from your address; try again in %s", minutes(retry)))
	}
	agent, err := srv.db.AgentByEmail(req.Email)
	if err == nil {
		err = auth.CheckPassword(agent.PasswordHash, req.Password)
	} else {
		// Spend the same time as a real check, so timing does not tell which
		// emails exist.
		auth.CheckPassword(srv.dummyHash, req.Password)
	}
	if err == nil {
		// A right password is not enough when the agent has a second
		// factor (totp.go); asking for it charges no throttle.
		if err = srv.secondFactor(agent, req); errors.Is(err, errTOTPRequired) {
			return errTOTPRequired
		}
	}
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) && !errors.Is(err, auth.ErrMismatch) && !errors.Is(err, errWrongSecondFactor) {
			srv.log.Error("login", "err", err)
		}
		srv.limits.loginAccount.Take(account)
		srv.limits.loginIP.Take(c.IP())
		srv.log.Warn("failed sign-in", "ip", c.IP())
		if errors.Is(err, errWrongSecondFactor) {
			return &wire.Error{Code: wire.CodeInvalidCredentials, Message: "wrong or already used code"}
		}
		return &wire.Error{Code: wire.CodeInvalidCredentials, Message: "wrong email or password"}
	}
	srv.limits.loginAccount.Reset(account)
	// A new session id at every login: a planted cookie is never promoted.
	token := auth.NewToken(32)
	now := srv.now()
	sess := store.Session{AgentID: agent.ID, CSRF: auth.NewToken(24), CreatedAt: now, ExpiresAt: now.Add(sessionTTL)}
	if err := srv.db.CreateSession(token, sess); err != nil {
		return err
	}
	if old := c.Cookies(sessionCookie); old != "" {
		srv.endSession(old)
	}
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: token, Path: "/", Expires: sess.ExpiresAt,
		HTTPOnly: true, Secure: srv.secure, SameSite: fiber.CookieSameSiteStrictMode,
	})
	srv.log.Info("agent signed in", "agent", agent.ID)
	return c.JSON(wire.Session{Agent: agentView(agent), CSRF: sess.CSRF})
}

func (srv *Server) logout(c *fiber.Ctx) error {
	as := currentSession(c)
	srv.endSession(as.token)
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", Expires: time.Unix(0, 0), HTTPOnly: true, Secure: srv.secure, SameSite: fiber.CookieSameSiteStrictMode})
	return c.SendStatus(fiber.StatusNoContent)
}

// endSession deletes a session and closes its WebSockets.
func (srv *Server) endSession(token string) {
	if err := srv.db.DeleteSession(token); err != nil {
		srv.log.Error("delete session", "err", err)
	}
	as := agentSession{token: token}
	srv.hub.Publish(hub.SessionTopic(as.hash()), hub.Event{CloseCode: wire.CloseUnauthorized})
}

func (srv *Server) me(c *fiber.Ctx) error {
	as := currentSession(c)
	return c.JSON(wire.Session{Agent: agentView(as.agent), CSRF: as.sess.CSRF})
}

// minutes says a wait the way a person reads it.
func minutes(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m <= 1 {
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

// sameOrigin says whether the request's Origin (sent by browsers on every
// POST and WebSocket) is this server as the browser reached it, or the
// configured public URL.
func (srv *Server) sameOrigin(c *fiber.Ctx) bool {
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" {
		return false
	}
	return origin == srv.publicURL || origin == c.Protocol()+"://"+c.Hostname()
}
