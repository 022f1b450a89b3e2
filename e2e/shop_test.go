package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
)

// The product the shop page describes, as the agent must see it.
const (
	productName  = "Linen Tote Bag"
	productPrice = "39.00 EUR"
	productSKU   = "TOTE-LIN-01"
)

// productPage is a shop's product page: schema.org Product JSON-LD, the
// way shops publish it, and Comptoir's script tag.
const productPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Linen Tote Bag – Atelier</title>
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"Product","name":"Linen Tote Bag","sku":"TOTE-LIN-01",
 "description":"Washed linen, leather handles.",
 "offers":{"@type":"Offer","price":"39.00","priceCurrency":"EUR","availability":"https://schema.org/InStock"}}
</script>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2937;background:#faf7f2}
header{padding:1rem 2rem;border-bottom:1px solid #e7e0d6;font-weight:600;letter-spacing:.05em}
main{max-width:56rem;margin:2rem 0 0 2rem;display:grid;grid-template-columns:14rem 18rem;gap:2rem}
.photo{aspect-ratio:1;border-radius:12px;background:linear-gradient(135deg,#e9dcc6,#cdb894)}
h1{margin:0;font-size:1.8rem}.price{font-size:1.4rem}
</style>
</head>
<body>
<header>ATELIER</header>
<main>
  <div class="photo" role="img" aria-label="Linen tote bag"></div>
  <div><h1>Linen Tote Bag</h1><p class="price">€39.00</p><p>Washed linen, leather handles.</p></div>
</main>
<script src="%s/widget.js" data-site="%s" async></script>
</body>
</html>
`

// startShop serves the product page from an origin of its own. With allow,
// the demo site lets the shop embed the widget: the widget page's CSP
// frame-ancestors lists the site's allowed origins.
func startShop(t *testing.T, srv *testserver.Server, allow bool) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tote", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, productPage, html.EscapeString(srv.URL), html.EscapeString(srv.SiteKey))
	})
	shop := httptest.NewServer(mux)
	t.Cleanup(shop.Close)
	if !allow {
		return shop.URL
	}
	_, err := srv.DB().UpdateSite(srv.Site.ID, func(s *store.Site) {
		s.AllowedOrigins = append(s.AllowedOrigins, shop.URL)
	})
	if err != nil {
		t.Fatalf("allow the shop's origin: %v", err)
	}
	return shop.URL
}
