package config

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	t.Run("defaults apply when nothing is set", func(t *testing.T) {
		c, err := Load(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != DefaultAddr || c.Data != DefaultData || c.PublicURL != DefaultPublicURL || c.AdminEmail != DefaultAdminEmail {
			t.Fatalf("got %+v", c)
		}
	})
	t.Run("environment overrides defaults and flags override environment", func(t *testing.T) {
		c, err := Load([]string{"--addr=127.0.0.1:9000"}, env(map[string]string{"COMPTOIR_ADDR": ":7000", "COMPTOIR_DATA": "/tmp/x"}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != "127.0.0.1:9000" || c.Data != "/tmp/x" {
			t.Fatalf("got %+v", c)
		}
	})
	t.Run("a _FILE variable supplies a secret", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pw")
		os.WriteFile(path, []byte("s3cret-password\n"), 0o600)
		c, err := Load(nil, env(map[string]string{"COMPTOIR_ADMIN_PASSWORD_FILE": path}), io.Discard)
		if err != nil || c.AdminPassword != "s3cret-password" {
			t.Fatalf("got %q, %v", c.AdminPassword, err)
		}
	})
	t.Run("invalid values are all named in one error", func(t *testing.T) {
		_, err := Load(nil, env(map[string]string{"COMPTOIR_ADDR": "nope", "COMPTOIR_PUBLIC_URL": "ftp://x", "COMPTOIR_ADMIN_PASSWORD": "short"}), io.Discard)
		if err == nil {
			t.Fatal("want an error")
		}
		for _, name := range []string{"COMPTOIR_ADDR", "COMPTOIR_PUBLIC_URL", "COMPTOIR_ADMIN_PASSWORD"} {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error does not name %s: %v", name, err)
			}
		}
	})
}

// The README's configuration table must list every setting with its default.
func TestReadmeListsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var c Config
	for _, s := range c.Settings() {
		row := regexp.MustCompile("(?m)^\\|\\s*`" + s.Env + "`\\s*\\|\\s*`--" + s.Flag + "`\\s*\\|\\s*" + regexp.QuoteMeta(defaultCell(s.Default)) + "\\s*\\|")
		if !row.Match(readme) {
			t.Errorf("README.md has no row | `%s` | `--%s` | %s | …", s.Env, s.Flag, defaultCell(s.Default))
		}
	}
}

func defaultCell(d string) string {
	if d == "" {
		return "(none)"
	}
	return "`" + d + "`"
}

func TestProxiesAndTLS(t *testing.T) {
	t.Run("trusted proxies accept IPs and CIDRs", func(t *testing.T) {
		c, err := Load([]string{"--trusted-proxies=10.0.0.1, 192.168.0.0/16"}, env(nil), io.Discard)
		if err != nil || len(c.Proxies()) != 2 {
			t.Fatalf("%v %v", c.Proxies(), err)
		}
	})
	t.Run("a proxy that is not an address is refused", func(t *testing.T) {
		if _, err := Load([]string{"--trusted-proxies=proxy.local"}, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "COMPTOIR_TRUSTED_PROXIES") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a certificate without key is refused", func(t *testing.T) {
		if _, err := Load([]string{"--tls-cert=/etc/hostname"}, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "together") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestSMTP(t *testing.T) {
	t.Run("no host means no email and nothing else to check", func(t *testing.T) {
		c, err := Load(nil, env(nil), io.Discard)
		if err != nil || c.SMTPHost != "" || c.SMTPPort != DefaultSMTPPort || c.SMTPTLS != DefaultSMTPTLS {
			t.Fatalf("%+v %v", c, err)
		}
	})
	t.Run("a full setting loads, the password from a file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "smtp")
		os.WriteFile(path, []byte("mail-secret\n"), 0o600)
		c, err := Load([]string{"--smtp-tls=tls"}, env(map[string]string{
			"COMPTOIR_SMTP_HOST": "smtp.example.com", "COMPTOIR_SMTP_PORT": "465", "COMPTOIR_SMTP_USERNAME": "bot",
			"COMPTOIR_SMTP_PASSWORD_FILE": path, "COMPTOIR_SMTP_FROM": "Shop <help@shop.example>",
		}), io.Discard)
		if err != nil || c.SMTPPassword != "mail-secret" || c.SMTPPortNumber() != 465 || c.SMTPTLS != "tls" {
			t.Fatalf("%+v %v", c, err)
		}
	})
	t.Run("every bad smtp setting is named", func(t *testing.T) {
		_, err := Load(nil, env(map[string]string{
			"COMPTOIR_SMTP_HOST": "smtp.example.com:25", "COMPTOIR_SMTP_PORT": "70000", "COMPTOIR_SMTP_FROM": "nobody",
			"COMPTOIR_SMTP_TLS": "ssl", "COMPTOIR_SMTP_USERNAME": "bot",
		}), io.Discard)
		for _, name := range []string{"COMPTOIR_SMTP_HOST", "COMPTOIR_SMTP_PORT", "COMPTOIR_SMTP_FROM", "COMPTOIR_SMTP_TLS", "COMPTOIR_SMTP_PASSWORD"} {
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("error does not name %s: %v", name, err)
			}
		}
	})
	t.Run("smtp settings without a host are refused", func(t *testing.T) {
		_, err := Load(nil, env(map[string]string{"COMPTOIR_SMTP_FROM": "help@shop.example"}), io.Discard)
		if err == nil || !strings.Contains(err.Error(), "COMPTOIR_SMTP_HOST is required") {
			t.Fatalf("%v", err)
		}
	})
}

func TestPprofAddr(t *testing.T) {
	if c, err := Load([]string{"--pprof-addr=127.0.0.1:6060"}, env(nil), io.Discard); err != nil || c.PprofAddr != "127.0.0.1:6060" {
		t.Fatalf("%q %v", c.PprofAddr, err)
	}
	for _, bad := range []string{":6060", "localhost", "127.0.0.1:"} {
		if _, err := Load([]string{"--pprof-addr=" + bad}, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "COMPTOIR_PPROF_ADDR") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}
