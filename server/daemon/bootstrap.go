package daemon

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/config"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// bootstrap creates, on first start, a demo site and the admin agent, and
// prints how to sign in. The password comes from COMPTOIR_ADMIN_PASSWORD or
// is random and printed once (only its hash is stored).
func bootstrap(db *store.DB, cfg config.Config, out io.Writer, log *slog.Logger) error {
	sites, err := db.Sites()
	if err != nil {
		return err
	}
	if len(sites) == 0 {
		site, err := db.CreateSite(store.Site{
			Key:            "pk_" + auth.NewToken(12),
			Name:           "Atelier Demo",
			AllowedOrigins: []string{cfg.PublicURL},
			Color:          "#4f46e5",
			Languages:      []string{"en", "fr", "it", "es", "de"},
			IdentitySecret: auth.NewToken(32),
		})
		if err != nil {
			return fmt.Errorf("create demo site: %w", err)
		}
		log.Info("created demo site", "key", site.Key)
	}
	n, err := db.CountAgents()
	if err != nil || n > 0 {
		return err
	}
	password := cfg.AdminPassword
	generated := password == ""
	if generated {
		password = auth.NewToken(12)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if _, err := db.CreateAgent(store.Agent{Email: cfg.AdminEmail, Name: "Admin", Role: wire.RoleAdmin, PasswordHash: hash}); err != nil {
		return fmt.Errorf("create admin: %w", err)
	}
	fmt.Fprintf(out, "\nComptoir is ready.\n  Demo shop:  %s/demo\n  Agents:     %s/agent/\n  Sign in as: %s\n", cfg.PublicURL, cfg.PublicURL, cfg.AdminEmail)
	if generated {
		fmt.Fprintf(out, "  Password:   %s   (shown once; set COMPTOIR_ADMIN_PASSWORD to choose it)\n\n", password)
	} else {
		fmt.Fprintf(out, "  Password:   the value of COMPTOIR_ADMIN_PASSWORD\n\n")
	}
	return nil
}
