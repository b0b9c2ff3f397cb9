package org.nhsloginkeycloak.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** Keycloak's admin REST API, as the sandpit's administrator. */
public final class AdminApi {

    /** The master realm's admin tokens live 60 s; a new one is fetched a little before that. */
    private static final java.time.Duration TOKEN_LIFE = java.time.Duration.ofSeconds(45);

    private final Http http = new Http();
    private final Sandpit sandpit;
    private final URI base;
    private String token;
    private java.time.Instant tokenFetched;

    private final String username;
    private final String password;

    /** As the sandpit's master administrator. */
    public AdminApi(Sandpit sandpit) {
        this(sandpit, sandpit.adminUsername(), sandpit.adminPassword());
    }

    /** As another user of the master realm, e.g. one given only some of the nhs realm's management roles. */
    public AdminApi(Sandpit sandpit, String username, String password) {
        this(sandpit, sandpit.keycloakUrl(), username, password);
    }

    private AdminApi(Sandpit sandpit, URI base, String username, String password) {
        this.sandpit = sandpit;
        this.base = base;
        this.username = username;
        this.password = password;
        fetchToken();
    }

    /**
     * The same administrator, every call sent to {@code node} itself rather than through the load balancer: for cluster
     * tests that must know which node made a change and which one reads it.
     */
    public AdminApi through(URI node) {
        return new AdminApi(sandpit, node, username, password);
    }

    private void fetchToken() {
        HttpResponse<String> response = http.postForm(base.resolve("/realms/master/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", username, "password", password));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        token = Json.parse(response.body()).path("access_token").asText();
        tokenFetched = java.time.Instant.now();
    }

    public JsonNode serverInfo() {
        return ok(http.get(base.resolve("/admin/serverinfo"), auth()));
    }

    public ObjectNode user(String username) {
        JsonNode users = ok(http.get(realm("/users?exact=true&username=" + Http.encode(username)), auth()));
        assertThat(users).as("user %s", username).hasSize(1);
        return (ObjectNode) users.get(0);
    }

    /** The stored value of one attribute, or null. */
    public String attribute(String username, String name) {
        JsonNode values = user(username).path("attributes").path(name);
        return values.isArray() && !values.isEmpty() ? values.get(0).asText() : null;
    }

    /** PUTs the whole representation back, as the admin console does. */
    public HttpResponse<String> updateUser(ObjectNode user) {
        return http.sendJson("PUT", realm("/users/" + user.path("id").asText()), user.toString(), auth());
    }

    /** Sets attributes on the user, keeping the others; fails the test unless Keycloak accepts it. */
    public void setAttributes(String username, Map<String, String> values) {
        ObjectNode user = user(username);
        ObjectNode attributes = user.withObjectProperty("attributes");
        values.forEach((name, value) -> attributes.set(name, Json.MAPPER.valueToTree(List.of(value))));
        HttpResponse<String> response = updateUser(user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    public void setRequiredActions(String username, List<String> actions) {
        ObjectNode user = user(username);
        user.set("requiredActions", Json.MAPPER.valueToTree(actions));
        HttpResponse<String> response = updateUser(user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /**
     * Creates a P0 citizen with a verified mobile, for tests that must not share a send allowance or a lockout with
     * other tests. Returns the username; the password is {@link #TEST_PASSWORD}.
     */
    public String createCitizen(String usernamePrefix, String mobile) {
        String username = usernamePrefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        ObjectNode user = Json.object().put("username", username).put("email", username).put("emailVerified", true)
                .put("enabled", true);
        ObjectNode attributes = user.putObject("attributes");
        attributes.set("phone_number", Json.MAPPER.valueToTree(List.of(mobile)));
        attributes.set("phone_number_verified", Json.MAPPER.valueToTree(List.of("true")));
        user.putArray("credentials").addObject().put("type", "password").put("value", TEST_PASSWORD)
                .put("temporary", false);
        HttpResponse<String> response = http.sendJson("POST", realm("/users"), user.toString(), auth());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return username;
    }

    public static final String TEST_PASSWORD = "test-password-1";

    /**
     * {@code count} P0 citizens with verified emails ({@code prefix-N@campaign.example}) in one partial import, every
     * {@code welshEvery}th with the Welsh locale (none when 0). No passwords: hashing hundreds would take most of a
     * minute, and none of them signs in. Returns each email's user id.
     */
    public Map<String, String> importCitizens(String prefix, int count, int welshEvery) {
        com.fasterxml.jackson.databind.node.ArrayNode users = Json.array();
        for (int i = 0; i < count; i++) {
            String email = prefix + "-" + i + "@campaign.example";
            ObjectNode user = users.addObject().put("username", email).put("email", email).put("emailVerified", true)
                    .put("enabled", true);
            if (welshEvery > 0 && i % welshEvery == 0) {
                user.putObject("attributes").putArray("locale").add("cy");
            }
        }
        ObjectNode body = Json.object().put("ifResourceExists", "FAIL");
        body.set("users", users);
        HttpResponse<String> imported = send("POST", "/partialImport", body.toString());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        Map<String, String> idByEmail = new java.util.HashMap<>();
        for (JsonNode result : Json.parse(imported.body()).path("results")) {
            idByEmail.put(result.path("resourceName").asText(), result.path("id").asText());
        }
        assertThat(idByEmail).hasSize(count);
        return idByEmail;
    }

    /** A user with a verified email and a password, and nothing else: no mobile yet. */
    public void createUser(String email, String password) {
        ObjectNode user = Json.object().put("username", email).put("email", email).put("emailVerified", true)
                .put("enabled", true);
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        HttpResponse<String> response = http.sendJson("POST", realm("/users"), user.toString(), auth());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    public boolean exists(String username) {
        JsonNode users = ok(http.get(realm("/users?exact=true&username=" + Http.encode(username)), auth()));
        return !users.isEmpty();
    }

    public void deleteUser(String username) {
        HttpResponse<String> response = http.sendJson("DELETE", realm("/users/" + user(username).path("id").asText()),
                "", auth());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** The config of the SMS code step in the realm's browser flow. */
    public ObjectNode smsCodeConfig() {
        JsonNode executions = ok(http.get(realm("/authentication/flows/" + Http.encode("nhs browser").replace("+", "%20")
                + "/executions"), auth()));
        for (JsonNode execution : executions) {
            if ("nhs-sms-code".equals(execution.path("providerId").asText())) {
                return (ObjectNode) ok(http.get(realm("/authentication/config/"
                        + execution.path("authenticationConfig").asText()), auth()));
            }
        }
        throw new AssertionError("The nhs browser flow has no nhs-sms-code step");
    }

    public void updateAuthenticatorConfig(ObjectNode config) {
        HttpResponse<String> response = http.sendJson("PUT", realm("/authentication/config/" + config.path("id").asText()),
                config.toString(), auth());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** Any call under the realm's admin API, e.g. {@code send("POST", "/client-scopes", json)}; the answer as it is. */
    public HttpResponse<String> send(String method, String path, String json) {
        return http.sendJson(method, realm(path), json, auth());
    }

    /**
     * Starts the campaign (202: running, its snapshot being taken) and waits until the runner has taken the whole
     * snapshot; the campaign as it reads then.
     */
    public JsonNode startCampaign(String id) {
        HttpResponse<String> started = send("POST", "/nhs-campaigns/" + id + "/start", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(Json.parse(started.body()).path("state").asText()).isEqualTo("running");
        return snapshotTaken(id);
    }

    /** The campaign once its snapshot is complete, waiting up to a minute for the runner to take it. */
    public JsonNode snapshotTaken(String id) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        JsonNode campaign;
        do {
            HttpResponse<String> read = send("GET", "/nhs-campaigns/" + id, "");
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            campaign = Json.parse(read.body());
            if (campaign.path("snapshot").path("complete").asBoolean()) {
                return campaign;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The snapshot of campaign " + id + " was not complete within a minute: " + campaign);
    }

    /** Any call under {@code /admin}, e.g. {@code sendAdmin("GET", "/realms/master/users", "")}. */
    public HttpResponse<String> sendAdmin(String method, String path, String json) {
        return http.sendJson(method, base.resolve("/admin" + path), json, auth());
    }

    /** {@link #sendAdmin} with a plain-text body, e.g. one localization text. */
    public HttpResponse<String> sendAdminText(String method, String path, String text) {
        return http.sendText(method, base.resolve("/admin" + path), text, auth());
    }

    /**
     * A master-realm user holding only {@code roles} of the nhs realm's management client ({@code nhs-realm} in the
     * master realm), e.g. {@code view-realm}; none for a user with no rights over the realm. Returns the username.
     */
    public String createMasterUserWith(String password, String... roles) {
        String username = "operator-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = sendAdmin("POST", "/realms/master/users", Json.object()
                .put("username", username).put("enabled", true).put("email", username + "@operators.example")
                .put("emailVerified", true).put("firstName", "Test").put("lastName", "Operator").toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        HttpResponse<String> reset = sendAdmin("PUT", "/realms/master/users/" + id + "/reset-password",
                Json.object().put("type", "password").put("value", password).put("temporary", false).toString());
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
        if (roles.length > 0) {
            JsonNode clients = Json.parse(sendAdmin("GET", "/realms/master/clients?clientId=" + Sandpit.REALM + "-realm", "")
                    .body());
            String client = clients.get(0).path("id").asText();
            com.fasterxml.jackson.databind.node.ArrayNode wanted = Json.array();
            for (String role : roles) {
                wanted.add(Json.parse(sendAdmin("GET", "/realms/master/clients/" + client + "/roles/" + role, "").body()));
            }
            HttpResponse<String> mapped = sendAdmin("POST", "/realms/master/users/" + id + "/role-mappings/clients/"
                    + client, wanted.toString());
            assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(204);
        }
        return username;
    }

    public void deleteMasterUser(String username) {
        JsonNode users = Json.parse(sendAdmin("GET", "/realms/master/users?exact=true&username=" + username, "").body());
        if (users.size() == 1) {
            sendAdmin("DELETE", "/realms/master/users/" + users.get(0).path("id").asText(), "");
        }
    }

    /** Adds or removes one of a client's redirect URIs, as an administrator would, keeping the others. */
    public void redirectUri(String clientId, String uri, boolean add) {
        ObjectNode client = (ObjectNode) ok(http.get(realm("/clients?clientId=" + Http.encode(clientId)), auth())).get(0);
        List<String> uris = new java.util.ArrayList<>();
        client.path("redirectUris").forEach(existing -> uris.add(existing.asText()));
        uris.remove(uri);
        if (add) {
            uris.add(uri);
        }
        client.set("redirectUris", Json.MAPPER.valueToTree(uris));
        HttpResponse<String> response = http.sendJson("PUT", realm("/clients/" + client.path("id").asText()),
                client.toString(), auth());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /**
     * Sets attributes on a client, as an administrator would in the console; null clears one (Keycloak removes an
     * attribute sent empty, and the bundle reads a blank one as absent).
     */
    public void clientAttributes(String clientId, Map<String, String> values) {
        ObjectNode client = (ObjectNode) ok(http.get(realm("/clients?clientId=" + Http.encode(clientId)), auth())).get(0);
        ObjectNode attributes = client.withObjectProperty("attributes");
        values.forEach((name, value) -> attributes.put(name, value == null ? "" : value));
        HttpResponse<String> response = http.sendJson("PUT", realm("/clients/" + client.path("id").asText()),
                client.toString(), auth());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** The id of the realm's client scope called {@code name}. */
    public String clientScopeId(String name) {
        for (JsonNode scope : ok(http.get(realm("/client-scopes"), auth()))) {
            if (name.equals(scope.path("name").asText())) {
                return scope.path("id").asText();
            }
        }
        throw new AssertionError("The realm has no client scope " + name);
    }

    private URI realm(String path) {
        return base.resolve("/admin/realms/" + Sandpit.REALM + path);
    }

    /** A current administrator's access token, for a request this class does not make (e.g. another Accept). */
    public String token() {
        return auth()[1].substring("Bearer ".length());
    }

    private String[] auth() {
        if (java.time.Instant.now().isAfter(tokenFetched.plus(TOKEN_LIFE))) {
            fetchToken();
        }
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }
}
