// A real OpenID Connect provider on loopback for the tests, set up like Pro Santé Connect:
// authorization-code flow, acr "eidas1" when asked, RPPS and profession in the claims
// (SubjectNameID, SubjectRefPro), userinfo as JSON or as a signed JWT per client.
//
//   node provider.mjs CONFIG.json      (prints "listening: URL" once it serves)
//
// CONFIG: {port, clients: [...client metadata], accounts: {login: {password, claims}},
//          acr: "eidas1", idTokenSeconds: 3600}. The login page is a plain form
// (#login, #password, #submit) that Playwright fills like a doctor would.
import http from "node:http";
import fs from "node:fs";
import Provider from "oidc-provider";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const issuer = `http://127.0.0.1:${config.port}`;
const accounts = config.accounts;
const CLAIMS = ["given_name", "family_name", "preferred_username", "SubjectNameID", "SubjectRefPro"];

const provider = new Provider(issuer, {
  clients: config.clients,
  findAccount: async (ctx, id) => accounts[id] && {
    accountId: id,
    claims: async () => ({sub: id, ...accounts[id].claims}),
  },
  claims: {openid: ["sub"], scope_all: CLAIMS},
  scopes: ["openid", "scope_all"],
  acrValues: ["eidas1", "eidas2", "eidas3"],
  features: {devInteractions: {enabled: false}, jwtUserinfo: {enabled: true}},
  pkce: {required: () => false},
  ttl: {IdToken: config.idTokenSeconds || 3600, AccessToken: 3600, Interaction: 600, Session: 3600, Grant: 3600},
  cookies: {keys: ["test-only-cookie-key-not-a-secret"]},
  interactions: {url: (ctx, interaction) => `/interaction/${interaction.uid}`},
});
provider.proxy = false;

function page(res, uid, error) {
  res.writeHead(200, {"Content-Type": "text/html; charset=utf-8"});
  res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Connexion (test)</title></head>
<body><h1>Fournisseur d’identité de test</h1>${error ? `<p id="error">${error}</p>` : ""}
<form method="post" action="/interaction/${uid}/login">
<label>Identifiant <input id="login" name="login" autocomplete="off"></label>
<label>Mot de passe <input id="password" name="password" type="password"></label>
<button id="submit" type="submit">Se connecter</button></form></body></html>`);
}

async function body(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const {uid, prompt, params} = details;
  if (prompt.name === "login") {
    if (req.method === "GET") return page(res, uid, "");
    const form = await body(req);
    const account = accounts[form.get("login")];
    if (!account || account.password !== form.get("password")) return page(res, uid, "Identifiant ou mot de passe inconnu.");
    const acr = config.acr === undefined ? "eidas1" : config.acr;
    return provider.interactionFinished(req, res, {login: {accountId: form.get("login"), ...(acr ? {acr} : {})}},
      {mergeWithLastSubmission: false});
  }
  // Consent: granted for what the service asked (the doctor's own service).
  const grant = details.grantId ? await provider.Grant.find(details.grantId)
    : new provider.Grant({accountId: details.session.accountId, clientId: params.client_id});
  grant.addOIDCScope(String(params.scope));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, {consent: {grantId}}, {mergeWithLastSubmission: true});
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith("/interaction/")) {
    interaction(req, res).catch((err) => { res.writeHead(500); res.end(String(err && err.message)); });
  } else {
    callback(req, res);
  }
});
server.listen(config.port, "127.0.0.1", () => console.log(`listening: ${issuer}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
