package web

import (
	"bytes"
	"html/template"

	"github.com/gofiber/fiber/v2"
)

// demoPage is a small shop product page carrying the script tag, so a
// newcomer sees the widget on a real-looking page. Its JSON-LD gives the
// loader a product to read.
var demoPage = template.Must(template.New("demo").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Linen Tote Bag — Atelier Demo</title>
<meta property="og:type" content="product">
<meta property="og:title" content="Linen Tote Bag">
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"Product","name":"Linen Tote Bag","sku":"TOTE-LIN-01",
 "image":"{{.Public}}/demo/tote.svg","offers":{"@type":"Offer","price":"39.00","priceCurrency":"EUR"}}
</script>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2937;background:#faf7f2}
header{padding:1rem 2rem;border-bottom:1px solid #e7e0d6;font-weight:600;letter-spacing:.05em}
main{max-width:60rem;margin:2rem auto;padding:0 1.5rem;display:grid;grid-template-columns:1fr 1fr;gap:2.5rem}
@media(max-width:700px){main{grid-template-columns:1fr}}
.photo{aspect-ratio:1;border-radius:12px;background:linear-gradient(135deg,#e9dcc6,#cdb894);display:grid;place-items:center;font-size:5rem}
h1{margin:.2rem 0 0;font-size:2rem}.price{font-size:1.5rem;margin:.5rem 0 1.5rem}
button.buy{background:#1f2937;color:#fff;border:0;border-radius:8px;padding:.8rem 1.6rem;font-size:1rem;cursor:pointer}
.note{margin-top:2rem;padding:1rem;border-radius:8px;background:#fff;border:1px solid #e7e0d6;font-size:.9rem}
</style>
</head>
<body>
<header>ATELIER DEMO</header>
<main>
  <div class="photo" role="img" aria-label="Linen tote bag">👜</div>
  <div>
    <p>Bags</p>
    <h1>Linen Tote Bag</h1>
    <p class="price">€39.00</p>
    <p>Washed linen, leather handles, an inside pocket for your keys. Made in Lyon.</p>
    <button class="buy" type="button">Add to cart</button>
    <p class="note">This is Comptoir's demo shop. Open the chat at the bottom right, write a message,
    and answer it from <a href="/agent/">the agents' app</a> in another window.</p>
  </div>
</main>
<script src="{{.Public}}/widget.js" data-site="{{.Key}}" async></script>
</body>
</html>
`))

func (srv *Server) demo(c *fiber.Ctx) error {
	sites, err := srv.db.Sites()
	if err != nil {
		return err
	}
	if len(sites) == 0 {
		return c.Status(fiber.StatusNotFound).SendString("no site yet: restart Comptoir to create the demo site")
	}
	// The page is served by this server, so it loads the widget from the
	// origin the browser used.
	var buf bytes.Buffer
	err = demoPage.Execute(&buf, struct{ Public, Key string }{c.BaseURL(), sites[0].Key})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(buf.Bytes())
}
