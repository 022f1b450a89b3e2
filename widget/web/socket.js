// Opens the chat's socket while the wasm downloads and starts, so that the
// connection (TCP, TLS, the upgrade: several round trips on a phone) is ready
// when the app wants it. The app takes it over (wire/wsclient, takeEarly)
// and sends the hello; the server waits for that hello, so nothing is missed.
(() => {
  if (/bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent)) {
    return; // go-app does not start the wasm for these
  }
  try {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    window.comptoirEarlySocket = new WebSocket(scheme + location.host + "/ws/visitor");
  } catch (e) {
    // The app dials by itself.
  }
})();
