package web

import (
	"errors"
	"fmt"
	"strings"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// errTOTPRequired answers a right password for an agent with a second
// factor: the client asks for the code and sends everything again. It is
// not a failure (the throttles are not charged) and opens no session.
var errTOTPRequired = &wire.Error{Code: wire.CodeTOTPRequired, Message: "enter the code from your authenticator app, or a recovery code"}

// errWrongSecondFactor is a wrong, stale or reused code at sign-in; it
// counts as a failed sign-in.
var errWrongSecondFactor = errors.New("web: wrong second factor")

// totpRoutes adds the signed-in agent's second-factor endpoints.
func (srv *Server) totpRoutes(api fiber.Router) {
	api.Get("/me/totp", srv.totpStatus)
	api.Post("/me/totp/setup", srv.totpSetup)
	api.Post("/me/totp/enable", srv.totpEnable)
	api.Post("/me/totp/disable", srv.totpDisable)
}

// secondFactor checks the code sent with a right password, for an agent who
// has TOTP on; nil when they have not. A TOTP code is accepted once (its
// step is stored); a recovery code is deleted when used. The check and the
// write are one transaction, so two sign-ins racing with one code cannot
// both pass.
func (srv *Server) secondFactor(agent store.Agent, req wire.LoginRequest) error {
	if !agent.TOTP.Enabled() {
		return nil
	}
	code, recovery := strings.TrimSpace(req.TOTP), strings.TrimSpace(req.RecoveryCode)
	if code == "" && recovery == "" {
		return errTOTPRequired
	}
	now := srv.now()
	_, err := srv.db.UpdateAgent(agent.ID, "", func(a *store.Agent) error {
		if !a.TOTP.Enabled() { // turned off meanwhile: the password was enough
			return nil
		}
		if recovery != "" {
			i := auth.MatchRecoveryCode(a.TOTP.RecoveryHashes, recovery)
			if i < 0 {
				return errWrongSecondFactor
			}
			a.TOTP.RecoveryHashes = append(a.TOTP.RecoveryHashes[:i:i], a.TOTP.RecoveryHashes[i+1:]...)
			return nil
		}
		step, ok := auth.CheckTOTP(a.TOTP.Secret, code, now, a.TOTP.LastStep)
		if !ok {
			return errWrongSecondFactor
		}
		a.TOTP.LastStep = step
		return nil
	})
	if err == nil && recovery != "" {
		srv.log.Warn("agent signed in with a recovery code", "agent", agent.ID)
	}
	return err
}

func (srv *Server) totpStatus(c *fiber.Ctx) error {
	t := currentSession(c).agent.TOTP
	return c.JSON(wire.TOTPStatus{Enabled: t.Enabled(), RecoveryCodesLeft: len(t.RecoveryHashes)})
}

// totpSetup hands out a new secret, kept as pending until a code from it is
// confirmed; asking again replaces the pending one.
func (srv *Server) totpSetup(c *fiber.Ctx) error {
	as := currentSession(c)
	if as.agent.TOTP.Enabled() {
		return badRequest("two-step sign-in is already on; turn it off first to change the app")
	}
	secret, uri, err := auth.NewTOTPKey(as.agent.Email)
	if err != nil {
		return err
	}
	_, err = srv.db.UpdateAgent(as.agent.ID, "", func(a *store.Agent) error {
		if a.TOTP.Enabled() {
			return badRequest("two-step sign-in is already on")
		}
		a.TOTP.Pending = secret
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(wire.TOTPSetup{Secret: secret, URI: uri})
}

// totpEnable turns the pending secret on once the agent proves their app
// has it, and returns fresh recovery codes, shown this once.
func (srv *Server) totpEnable(c *fiber.Ctx) error {
	as := currentSession(c)
	var req wire.TOTPEnableRequest
	if err := c.BodyParser(&req); err != nil {
		return badRequest(`the body must be JSON: {"code":…}`)
	}
	codes, hashes := auth.NewRecoveryCodes(auth.RecoveryCodeCount)
	now := srv.now()
	_, err := srv.db.UpdateAgent(as.agent.ID, store.AuditTOTPOn, func(a *store.Agent) error {
		switch {
		case a.TOTP.Enabled():
			return badRequest("two-step sign-in is already on")
		case a.TOTP.Pending == "":
			return badRequest("ask for a key first (POST /api/v1/me/totp/setup)")
		}
		step, ok := auth.CheckTOTP(a.TOTP.Pending, req.Code, now, 0)
		if !ok {
			return badRequest("that code does not match; check that the phone's clock is right and type the code shown now")
		}
		a.TOTP = store.TOTP{Secret: a.TOTP.Pending, LastStep: step, RecoveryHashes: hashes, EnabledAt: now.UTC()}
		return nil
	})
	if err != nil {
		return err
	}
	srv.log.Info("agent turned on two-step sign-in", "agent", as.agent.ID)
	return c.JSON(wire.TOTPRecoveryCodes{Codes: codes})
}

// totpDisable turns the second factor off. It asks for the password and a
// code, so a session left open on a shared computer cannot remove it; wrong
// answers are charged to the same throttle as sign-in, or this would be a
// way to guess the password without one.
func (srv *Server) totpDisable(c *fiber.Ctx) error {
	as := currentSession(c)
	var req wire.TOTPDisableRequest
	if err := c.BodyParser(&req); err != nil {
		return badRequest(`the body must be JSON: {"password":…, "code":…}`)
	}
	account := as.agent.Email
	if blocked, retry := srv.limits.loginAccount.Blocked(account); blocked {
		return rateLimited(c, retry, fmt.Sprintf("too many wrong tries for this account; try again in %s", minutes(retry)))
	}
	if !as.agent.TOTP.Enabled() {
		return badRequest("two-step sign-in is not on")
	}
	err := auth.CheckPassword(as.agent.PasswordHash, req.Password)
	if err == nil {
		now := srv.now()
		_, err = srv.db.UpdateAgent(as.agent.ID, store.AuditTOTPOff, func(a *store.Agent) error {
			if !a.TOTP.Enabled() {
				return nil
			}
			if _, ok := auth.CheckTOTP(a.TOTP.Secret, req.Code, now, a.TOTP.LastStep); !ok &&
				auth.MatchRecoveryCode(a.TOTP.RecoveryHashes, req.Code) < 0 {
				return errWrongSecondFactor
			}
			a.TOTP = store.TOTP{}
			return nil
		})
	}
	if err != nil {
		if !errors.Is(err, auth.ErrMismatch) && !errors.Is(err, errWrongSecondFactor) {
			return err
		}
		srv.limits.loginAccount.Take(account)
		srv.limits.loginIP.Take(c.IP())
		return &wire.Error{Code: wire.CodeInvalidCredentials, Message: "wrong password or code"}
	}
	srv.log.Info("agent turned off two-step sign-in", "agent", as.agent.ID)
	return c.SendStatus(fiber.StatusNoContent)
}
