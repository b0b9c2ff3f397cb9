// "Your NHS details" in the account console's menu. The page itself is the login theme's nhs-your-details, a required
// action, so that it runs after the password and the security code and within Keycloak's maximum sign-in age for
// actions, as it does for a partner. Following the menu's link (by mouse, keyboard or a typed address) starts it as an
// application-initiated action of the console's own client, with the PKCE that client requires; Keycloak brings the
// citizen back to the console, whose own sign-in picks up the session.
const PAGE = "/content/nhs-your-details";
const environment = JSON.parse(document.getElementById("environment").textContent);

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function random() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function leave() {
  const realm = environment.serverBaseUrl.replace(/\/$/, "") + "/realms/" + encodeURIComponent(environment.realm);
  // The code that comes back is never redeemed (the console signs itself in again from the session), so its
  // verifier is kept by no one.
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(random())));
  const query = new URLSearchParams({
    client_id: environment.clientId,
    redirect_uri: realm + "/account/",
    response_type: "code",
    // In the query, where the console's own sign-in (which reads the fragment) takes it for no answer of its own and
    // signs in again from the session; a fragment it did not ask for would make it fail.
    response_mode: "query",
    scope: "openid",
    state: random(),
    nonce: random(),
    code_challenge: challenge,
    code_challenge_method: "S256",
    kc_action: "nhs-your-details",
  });
  if (environment.locale) {
    query.set("ui_locales", environment.locale);
  }
  window.location.assign(realm + "/protocol/openid-connect/auth?" + query);
}

// Before the console's router takes the click (capture phase), so it never shows its empty page.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (link && new URL(link.href, window.location.href).pathname.endsWith(PAGE)) {
    event.preventDefault();
    event.stopPropagation();
    leave();
  }
}, true);

if (window.location.pathname.endsWith(PAGE)) {
  leave();
} else if (new URLSearchParams(window.location.search).get("kc_action") === "nhs-your-details") {
  // Back from the page: the answer in the address bar is nobody's to read.
  window.history.replaceState(null, "", window.location.pathname + window.location.hash);
}
