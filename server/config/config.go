// Package config reads Comptoir's settings from flags and COMPTOIR_*
// environment variables (flags win), each with a default, and checks them.
// A variable ending in _FILE names a file holding the value (for secrets).
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// Defaults.
const (
	DefaultAddr        = ":8080"
	DefaultData        = "./data"
	DefaultPublicURL   = "http://localhost:8080"
	DefaultAdminEmail  = "admin@example.com"
	DefaultConnectRate = "120"
	DefaultSMTPPort    = "587"
	DefaultSMTPTLS     = "starttls"
)

// Config is the whole of Comptoir's settings.
type Config struct {
	// Addr is the listen address. Default ":8080".
	Addr string
	// Data is the data directory (the bbolt file, uploads). Default "./data".
	Data string
	// PublicURL is the URL shops load the widget from. Default "http://localhost:8080".
	PublicURL string
	// AdminEmail is the first admin's email, used on first start. Default "admin@example.com".
	AdminEmail string
	// AdminPassword is the first admin's password; when empty a random one is
	// generated and printed once.
	AdminPassword string
	// TrustedProxies lists the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For is believed (comma-separated). Default: none, so
	// a client cannot pick the IP its rate limits are counted against.
	TrustedProxies string
	// ConnectRate is how many visitor sockets one IP may open per minute;
	// "0" turns the limit off (load tests). Default "120".
	ConnectRate string
	// TLSCert and TLSKey are PEM files; when both are set Comptoir serves
	// HTTPS itself and sends HSTS.
	TLSCert string
	TLSKey  string
	// SMTP is the mail server that emails shoppers (replies they missed,
	// transcripts); without SMTPHost, Comptoir sends no email.
	SMTPHost     string
	SMTPPort     string // default "587"
	SMTPUsername string
	SMTPPassword string
	SMTPFrom     string
	// SMTPTLS is starttls (default: required before authenticating), tls
	// (implicit TLS, usually port 465) or none (a relay on localhost).
	SMTPTLS string
	// PprofAddr, when set, serves Go's profiles (net/http/pprof) on this
	// address, apart from the public listener: for measuring, never public.
	PprofAddr string
}

// SMTPPortNumber is SMTPPort as a number (Validate has checked it).
func (c *Config) SMTPPortNumber() int {
	n, _ := strconv.Atoi(c.SMTPPort)
	return n
}

// ConnectsPerMinute is ConnectRate as a number (Validate has checked it).
func (c *Config) ConnectsPerMinute() int {
	n, _ := strconv.Atoi(c.ConnectRate)
	return n
}

// Proxies returns TrustedProxies as a list.
func (c *Config) Proxies() []string {
	var out []string
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Setting describes one setting for flags, the environment and the README.
type Setting struct {
	Flag    string // --addr
	Env     string // COMPTOIR_ADDR
	Default string
	Usage   string
	target  *string
}

// Settings lists every setting of c, in README order.
func (c *Config) Settings() []Setting {
	return []Setting{
		{"addr", "COMPTOIR_ADDR", DefaultAddr, "listen address (host:port)", &c.Addr},
		{"data", "COMPTOIR_DATA", DefaultData, "data directory (database, uploads)", &c.Data},
		{"public-url", "COMPTOIR_PUBLIC_URL", DefaultPublicURL, "URL shops load the widget from (scheme://host[:port])", &c.PublicURL},
		{"admin-email", "COMPTOIR_ADMIN_EMAIL", DefaultAdminEmail, "email of the admin created on first start", &c.AdminEmail},
		{"admin-password", "COMPTOIR_ADMIN_PASSWORD", "", "password of the admin created on first start (empty: a random one, printed once)", &c.AdminPassword},
		{"trusted-proxies", "COMPTOIR_TRUSTED_PROXIES", "", "comma-separated IPs or CIDRs of reverse proxies whose X-Forwarded-For is trusted", &c.TrustedProxies},
		{"connect-rate", "COMPTOIR_CONNECT_RATE", DefaultConnectRate, "visitor sockets one IP may open per minute (0: no limit)", &c.ConnectRate},
		{"tls-cert", "COMPTOIR_TLS_CERT", "", "PEM certificate file; with --tls-key, serve HTTPS and send HSTS", &c.TLSCert},
		{"tls-key", "COMPTOIR_TLS_KEY", "", "PEM private key file for --tls-cert", &c.TLSKey},
		{"smtp-host", "COMPTOIR_SMTP_HOST", "", "mail server for emails to shoppers (empty: no email)", &c.SMTPHost},
		{"smtp-port", "COMPTOIR_SMTP_PORT", DefaultSMTPPort, "mail server port", &c.SMTPPort},
		{"smtp-username", "COMPTOIR_SMTP_USERNAME", "", "mail server user (empty: no authentication)", &c.SMTPUsername},
		{"smtp-password", "COMPTOIR_SMTP_PASSWORD", "", "mail server password", &c.SMTPPassword},
		{"smtp-from", "COMPTOIR_SMTP_FROM", "", "sender of emails to shoppers, e.g. Shop <help@shop.example>", &c.SMTPFrom},
		{"smtp-tls", "COMPTOIR_SMTP_TLS", DefaultSMTPTLS, "starttls, tls (implicit, port 465) or none", &c.SMTPTLS},
		{"pprof-addr", "COMPTOIR_PPROF_ADDR", "", "serve Go's profiles on this host:port, e.g. 127.0.0.1:6060 (empty: off)", &c.PprofAddr},
	}
}

// Load builds the configuration from args (without the program name) and the
// environment lookup, then validates it.
func Load(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("comptoir", flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, s := range c.Settings() {
		def := s.Default
		if v, err := envValue(s.Env, getenv); err != nil {
			return Config{}, err
		} else if v != "" {
			def = v
		}
		fs.StringVar(s.target, s.Flag, def, s.Usage+" ("+s.Env+")")
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q (settings are flags like --addr=:8080)", fs.Arg(0))
	}
	return c, c.Validate()
}

// envValue reads NAME, or the file named by NAME_FILE.
func envValue(name string, getenv func(string) string) (string, error) {
	if path := getenv(name + "_FILE"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimRight(string(data), "\r\n"), nil
	}
	return getenv(name), nil
}

// Validate reports every invalid setting at once, naming it.
func (c *Config) Validate() error {
	var errs []error
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		errs = append(errs, fmt.Errorf("COMPTOIR_ADDR %q is not host:port (e.g. :8080 or 127.0.0.1:8080)", c.Addr))
	}
	if strings.TrimSpace(c.Data) == "" {
		errs = append(errs, errors.New("COMPTOIR_DATA must name a directory"))
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		errs = append(errs, fmt.Errorf("COMPTOIR_PUBLIC_URL %q must be an http(s) origin like https://chat.example.com", c.PublicURL))
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if !strings.Contains(c.AdminEmail, "@") {
		errs = append(errs, fmt.Errorf("COMPTOIR_ADMIN_EMAIL %q is not an email address", c.AdminEmail))
	}
	if c.AdminPassword != "" && len(c.AdminPassword) < 8 {
		errs = append(errs, errors.New("COMPTOIR_ADMIN_PASSWORD must have at least 8 characters"))
	}
	for _, p := range c.Proxies() {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				errs = append(errs, fmt.Errorf("COMPTOIR_TRUSTED_PROXIES: %q is neither an IP nor a CIDR range", p))
			}
		}
	}
	if n, err := strconv.Atoi(c.ConnectRate); err != nil || n < 0 {
		errs = append(errs, fmt.Errorf("COMPTOIR_CONNECT_RATE %q must be a whole number, 0 for no limit", c.ConnectRate))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("COMPTOIR_TLS_CERT and COMPTOIR_TLS_KEY must be set together"))
	}
	for name, path := range map[string]string{"COMPTOIR_TLS_CERT": c.TLSCert, "COMPTOIR_TLS_KEY": c.TLSKey} {
		if path != "" {
			if _, err := os.Stat(path); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
			}
		}
	}
	errs = append(errs, c.validateSMTP()...)
	if c.PprofAddr != "" {
		if host, port, err := net.SplitHostPort(c.PprofAddr); err != nil || host == "" || port == "" {
			errs = append(errs, fmt.Errorf("COMPTOIR_PPROF_ADDR %q must be host:port with a host, e.g. 127.0.0.1:6060 (profiles are not for the public)", c.PprofAddr))
		}
	}
	return errors.Join(errs...)
}

func (c *Config) validateSMTP() []error {
	var errs []error
	if c.SMTPHost == "" {
		if c.SMTPUsername != "" || c.SMTPPassword != "" || c.SMTPFrom != "" {
			errs = append(errs, errors.New("COMPTOIR_SMTP_HOST is required when other COMPTOIR_SMTP_* settings are given"))
		}
		return errs
	}
	if strings.ContainsAny(c.SMTPHost, " /:") {
		errs = append(errs, fmt.Errorf("COMPTOIR_SMTP_HOST %q must be a host name or IP, without port (that is COMPTOIR_SMTP_PORT)", c.SMTPHost))
	}
	if n, err := strconv.Atoi(c.SMTPPort); err != nil || n < 1 || n > 65535 {
		errs = append(errs, fmt.Errorf("COMPTOIR_SMTP_PORT %q must be a port number (587, 465, 25…)", c.SMTPPort))
	}
	if a, err := mail.ParseAddress(c.SMTPFrom); err != nil || !strings.Contains(a.Address, ".") {
		errs = append(errs, fmt.Errorf("COMPTOIR_SMTP_FROM %q must be an email address like help@shop.example or \"Shop <help@shop.example>\"", c.SMTPFrom))
	}
	switch c.SMTPTLS {
	case "starttls", "tls", "none":
	default:
		errs = append(errs, fmt.Errorf("COMPTOIR_SMTP_TLS %q must be starttls, tls or none", c.SMTPTLS))
	}
	if (c.SMTPUsername == "") != (c.SMTPPassword == "") {
		errs = append(errs, errors.New("COMPTOIR_SMTP_USERNAME and COMPTOIR_SMTP_PASSWORD must be set together"))
	}
	return errs
}
