package daemon_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/embed"
	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/config"
	"github.com/comptoir/comptoir/server/daemon"
	"github.com/comptoir/comptoir/widget/loader"
)

// selfSigned writes a certificate for 127.0.0.1 and its key as PEM files.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "comptoir test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestServingTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "https://" + ln.Addr().String()
	cfg := config.Config{Addr: ln.Addr().String(), Data: filepath.Join(dir, "data"), PublicURL: url,
		AdminEmail: "admin@example.com", AdminPassword: "correct-horse-battery", ConnectRate: "120",
		TLSCert: certFile, TLSKey: keyFile}
	d, err := daemon.Start(cfg, daemon.Options{Dist: embed.Dist, Loader: loader.Script, Listener: ln})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Shutdown(t.Context())
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}

	t.Run("HTTPS answers, with HSTS", func(t *testing.T) {
		res, err := client.Get(url + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
			t.Fatalf("status %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
		}
	})
	t.Run("the session cookie is Secure over HTTPS", func(t *testing.T) {
		req, _ := http.NewRequest("POST", url+"/api/v1/auth/login", strings.NewReader(`{"email":"admin@example.com","password":"correct-horse-battery"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", url)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		c := res.Cookies()
		if res.StatusCode != 200 || len(c) == 0 || !c[0].Secure || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode {
			t.Fatalf("status %d, cookies %+v", res.StatusCode, c)
		}
	})
	t.Run("plain HTTP on the TLS port gets no page", func(t *testing.T) {
		res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				t.Fatal("served over plain HTTP")
			}
		}
	})
}

// Profiles are served only when asked for, on their own address, and
// never on the public listener.
func TestProfilesApartFromThePublicListener(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pprofAddr := probe.Addr().String()
	probe.Close()
	url := "http://" + ln.Addr().String()
	cfg := config.Config{Addr: ln.Addr().String(), Data: filepath.Join(dir, "data"), PublicURL: url,
		AdminEmail: "admin@example.com", AdminPassword: "correct-horse-battery", ConnectRate: "120",
		PprofAddr: pprofAddr}
	d, err := daemon.Start(cfg, daemon.Options{Dist: embed.Dist, Loader: loader.Script, Listener: ln})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Shutdown(t.Context())
	status := func(u string) int {
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := status("http://" + pprofAddr + "/debug/pprof/heap?debug=1"); got != 200 {
		t.Errorf("profiles' address: HTTP %d", got)
	}
	if got := status(url + "/debug/pprof/heap?debug=1"); got == 200 {
		t.Error("profiles served on the public listener")
	}

	// Where messages wait inside the server: beside the profiles only.
	res, err := http.Get("http://" + pprofAddr + "/debug/comptoir/stages")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var report chat.StageReport
	if err := json.NewDecoder(res.Body).Decode(&report); err != nil || res.StatusCode != 200 {
		t.Fatalf("stages: HTTP %d, %v", res.StatusCode, err)
	}
	for _, name := range []string{chat.StageRead, chat.StageCommit, chat.StageWrite} {
		if _, ok := report.Stages[name]; !ok {
			t.Errorf("stage %s missing from %+v", name, report)
		}
	}
	if got := status(url + "/debug/comptoir/stages"); got == 200 {
		t.Error("stages served on the public listener")
	}
}
