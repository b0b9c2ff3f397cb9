package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.SmsInbox;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * The upgrade path of a deployed realm: a realm imported from an earlier version's realm file (kept in
 * {@code src/test/resources/upgrade/}), with citizens, a partner's own settings and an administrator's own changes, is
 * brought to this version by {@code /admin/realms/{realm}/nhs-realm-upgrade}. Afterwards its flows, scopes, policies,
 * required actions and user profile are those of the {@code nhs} realm imported from this version's file, and its
 * users, clients, keys and realm settings are as they were.
 */
@ExtendWith(SandpitExtension.class)
class RealmUpgradeIT {

    /** Issue 11's release: before the hardening changed flows, policies, a mapper, the user profile and messages. */
    private static final String BEFORE_HARDENING = "3045dfb";
    /** The realm file as it stood when the cluster issue (13) started. */
    private static final String ISSUE_13_START = "4a506d1";
    private static final String PARTNER = Partner.HEALTH_INFORMATION;

    @ParameterizedTest(name = "from the realm file of {0}")
    @ValueSource(strings = {BEFORE_HARDENING, ISSUE_13_START})
    void anEarlierVersionsRealmIsBroughtToThisVersionAndNothingElseIsTouched(String version, Sandpit sandpit) {
        AdminApi admin = new AdminApi(sandpit);
        Deployed deployed = deploy(sandpit, admin, version);
        String realm = deployed.realm();
        administratorsOwnChanges(admin, realm);
        Untouched before = Untouched.of(admin, realm);
        Managed managedBefore = managed(admin, realm);
        JsonNode flowsBefore = flows(admin, realm);

        JsonNode preview = upgrade(admin, "GET", realm, 200);
        assertThat(preview.path("applied").asBoolean()).isFalse();
        Untouched.of(admin, realm).assertSameAs(before);
        assertThat(managed(admin, realm)).as("a dry run changes nothing").isEqualTo(managedBefore);
        assertThat(flows(admin, realm)).as("a dry run changes nothing").isEqualTo(flowsBefore);
        assertThat(upgrade(admin, "GET", realm, 200).path("changes")).as("a dry run, twice")
                .isEqualTo(preview.path("changes"));

        JsonNode applied = upgrade(admin, "POST", realm, 200);
        assertThat(applied.path("applied").asBoolean()).isTrue();
        assertThat(applied.path("changes")).as("the upgrade does what its dry run said").isEqualTo(preview.path("changes"));
        if (version.equals(BEFORE_HARDENING)) {
            assertThat(names(applied.path("changes"))).contains(
                    "authentication-flow nhs browser replaced", "authentication-flow nhs reset credentials replaced",
                    "authenticator-config nhs sms code updated", "required-action nhs-change-mobile created",
                    "required-action nhs-your-details created", "client nhs-pds-access created",
                    "client-scope nhs_assurance updated", "client-policy nhs-login-partners replaced",
                    "user-profile attribute phone_number_pds_matched_number created", "localization en updated",
                    "localization cy updated");
        } else {
            // Since issue 13 started: the required action "Your details" and the client its PDS access is minted
            // for (issue 15), and the file saying outright that the audience mapper adds nothing to userinfo, which
            // Keycloak's import otherwise fills in as true (it matters to no token: the mapper has no userinfo).
            assertThat(names(applied.path("changes"))).containsExactly("required-action nhs-your-details created",
                    "client nhs-pds-access created", "client-scope nhs_assurance updated");
        }

        // What the bundle owns is now this version's, exactly as a fresh import of its realm file.
        assertThat(flows(admin, realm)).isEqualTo(flows(admin, Sandpit.REALM));
        Managed upgraded = managed(admin, realm);
        Managed fresh = managed(admin, Sandpit.REALM);
        fresh.clientScopes().forEach((name, scope) ->
                assertThat(upgraded.clientScopes().get(name)).as("client scope %s", name).isEqualTo(scope));
        assertThat(upgraded.clientProfiles()).isEqualTo(fresh.clientProfiles());
        assertThat(upgraded.clientPolicies()).isEqualTo(fresh.clientPolicies());
        fresh.userProfile().forEach((name, attribute) ->
                assertThat(upgraded.userProfile().get(name)).as("user profile %s", name).isEqualTo(attribute));
        assertThat(upgraded.requiredActions()).containsAll(fresh.requiredActions());
        JsonNode pdsAccess = Json.parse(admin.sendAdmin("GET", "/realms/" + realm + "/clients?clientId=nhs-pds-access", "")
                .body());
        assertThat(pdsAccess).as("the client a citizen's PDS access is minted for").hasSize(1);
        assertThat(pdsAccess.path(0).path("bearerOnly").asBoolean()).isTrue();
        assertThat(upgraded.smsCodeSettings().keySet()).containsAll(fresh.smsCodeSettings().keySet());
        for (String locale : List.of("en", "cy")) {
            assertThat(localization(admin, realm, locale).keySet()).containsAll(localization(admin, Sandpit.REALM, locale).keySet());
        }

        // ...and everything else is as it was, the administrator's own changes included.
        Untouched.of(admin, realm).assertSameAs(before);
        assertThat(upgraded.smsCodeSettings()).as("a limit the administrator tuned").containsEntry("sends-per-window", "4");
        assertThat(upgraded.clientScopes()).as("the administrator's own scope").containsKey("newsletter");
        assertThat(upgraded.userProfile()).as("the administrator's own attribute").containsKey("letter_salutation");
        assertThat(localization(admin, realm, "en")).as("the administrator's own wording")
                .containsEntry("nhs-group-contact", "How we contact you");

        assertThat(upgrade(admin, "POST", realm, 200).path("changes")).as("a second upgrade").isEmpty();

        // The citizens sign in as before: password, then the code texted to their mobile, and the partner gets tokens.
        JsonNode tokens = signIn(sandpit, deployed, deployed.p0(), deployed.p0Mobile());
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");
        assertThat(Json.jwtPayload(signIn(sandpit, deployed, deployed.p5(), deployed.p5Mobile()).path("id_token")
                .asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");
        admin.sendAdmin("DELETE", "/realms/" + realm, "");
    }

    /**
     * Why the upgrade matters: this version's {@code nhs-mobile-capture} binds a mobile only after the email is proved
     * (ADR 0008), a step the earlier flow does not have. Left as it was, the earlier realm refuses a citizen without a
     * mobile (failing closed); upgraded, it asks for the emailed code first.
     */
    @Test
    void theEarlierFlowRefusesACitizenWithoutAMobileUntilTheUpgradeAddsTheEmailCode(Sandpit sandpit) {
        AdminApi admin = new AdminApi(sandpit);
        Deployed deployed = deploy(sandpit, admin, BEFORE_HARDENING);
        Partner partner = deployed.partner(sandpit);

        Citizen.Landing before = new Citizen(sandpit).signInWithPassword(partner.authorize("openid").uri(),
                deployed.withoutMobile(), AdminApi.TEST_PASSWORD);
        assertThat(before.page().text()).doesNotContain("Check your email");
        assertThat(before.page().selectFirst("input[name=mobile]")).as("no mobile can be bound").isNull();

        upgrade(admin, "POST", deployed.realm(), 200);

        Citizen.Landing after = new Citizen(sandpit).signInWithPassword(partner.authorize("openid").uri(),
                deployed.withoutMobile(), AdminApi.TEST_PASSWORD);
        assertThat(after.page().text()).contains("Check your email");
        admin.sendAdmin("DELETE", "/realms/" + deployed.realm(), "");
    }

    @Test
    void theRealmImportedFromThisVersionsFileNeedsNothing(Sandpit sandpit) {
        assertThat(upgrade(new AdminApi(sandpit), "GET", Sandpit.REALM, 200).path("changes")).isEmpty();
    }

    /**
     * All or nothing: an administrator took the uplift out of {@code nhs browser} and kept it in a flow of their own,
     * under the subflow name this version's {@code nhs browser} needs. The upgrade stops with a 409 naming it, and what
     * it had changed before meeting it (the new settings of the code config) is rolled back with the rest.
     */
    @Test
    void aSubflowNameThisVersionNeedsTakenByTheAdministratorsOwnFlowStopsTheUpgradeAndChangesNothing(Sandpit sandpit) {
        refusedAndUnchanged(sandpit, true, "rename or delete it");
    }

    /**
     * An administrator's own flow that uses one of the subflows an upgrade rebuilds (here the uplift, still in
     * {@code nhs browser} too) would be left pointing at nothing: the upgrade stops with a 409 and changes nothing.
     */
    @Test
    void aSubflowSharedWithTheAdministratorsOwnFlowStopsTheUpgradeAndChangesNothing(Sandpit sandpit) {
        refusedAndUnchanged(sandpit, false, "its own copy");
    }

    private static void refusedAndUnchanged(Sandpit sandpit, boolean takenOutOfNhsBrowser, String advice) {
        AdminApi admin = new AdminApi(sandpit);
        Deployed deployed = deploy(sandpit, admin, BEFORE_HARDENING, realm -> {
            if (takenOutOfNhsBrowser) {
                for (JsonNode flow : realm.withArrayProperty("authenticationFlows")) {
                    if (flow.path("alias").asText().equals("nhs browser")) {
                        ArrayNode executions = (ArrayNode) flow.path("authenticationExecutions");
                        for (int i = executions.size() - 1; i >= 0; i--) {
                            if ("nhs uplift".equals(executions.get(i).path("flowAlias").asText())) {
                                executions.remove(i);
                            }
                        }
                    }
                }
            }
            realm.withArrayProperty("authenticationFlows").addObject().put("alias", "my uplift journey")
                    .put("providerId", "basic-flow").put("topLevel", true).put("builtIn", false)
                    .putArray("authenticationExecutions").addObject().put("flowAlias", "nhs uplift")
                    .put("authenticatorFlow", true).put("requirement", "REQUIRED").put("priority", 10)
                    .put("userSetupAllowed", false);
        });
        String realm = deployed.realm();
        Untouched before = Untouched.of(admin, realm);
        JsonNode flowsBefore = flows(admin, realm);

        JsonNode refused = upgrade(admin, "POST", realm, 409);
        assertThat(refused.path("error_description").asText()).contains("\"nhs uplift\"").contains(advice);
        assertThat(upgrade(admin, "GET", realm, 409).path("error_description").asText()).contains("\"nhs uplift\"");

        assertThat(flows(admin, realm)).isEqualTo(flowsBefore);
        Untouched.of(admin, realm).assertSameAs(before);
        assertThat(managed(admin, realm).smsCodeSettings()).doesNotContainKey("sends-per-day");
        admin.sendAdmin("DELETE", "/realms/" + realm, "");
    }

    @Test
    void onlyARealmManagerMayUpgradeOrPreview(Sandpit sandpit) {
        AdminApi admin = new AdminApi(sandpit);
        String operator = admin.createMasterUserWith("operator-password-1", "view-realm");
        try {
            AdminApi viewer = new AdminApi(sandpit, operator, "operator-password-1");
            assertThat(viewer.send("GET", "/nhs-realm-upgrade", "").statusCode()).isEqualTo(403);
            assertThat(viewer.send("POST", "/nhs-realm-upgrade", "").statusCode()).isEqualTo(403);
            HttpResponse<String> anonymous = new Http().sendJson("POST",
                    sandpit.keycloakUrl().resolve("/admin/realms/" + Sandpit.REALM + "/nhs-realm-upgrade"), "");
            assertThat(anonymous.statusCode()).isEqualTo(401);
        } finally {
            admin.deleteMasterUser(operator);
        }
    }

    // ---- a deployed realm of an earlier version

    /** The realm, its citizens (password {@link AdminApi#TEST_PASSWORD}) and their verified mobiles. */
    record Deployed(String realm, String p0, String p0Mobile, String p5, String p5Mobile, String withoutMobile,
            URI realmUrl) {

        Partner partner(Sandpit sandpit) {
            return new Partner(realmUrl, PARTNER, Partner.SANDPIT_REDIRECT,
                    Partner.privateKey(sandpit.clientPrivateKeyPem(PARTNER)));
        }
    }

    private static Deployed deploy(Sandpit sandpit, AdminApi admin, String version) {
        return deploy(sandpit, admin, version, realm -> { });
    }

    /**
     * Imports the earlier realm file under a fresh name with what a deployment adds to it: citizens, the partner's
     * redirect URI and key (as the nhs realm has them), the mail server, and a code limit the administrator tuned.
     */
    private static Deployed deploy(Sandpit sandpit, AdminApi admin, String version,
            java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode realm = (ObjectNode) resource("/upgrade/nhs-realm-" + version + ".json");
        String name = "upgrade-" + version + "-" + UUID.randomUUID().toString().substring(0, 6);
        realm.put("realm", name);
        realm.put("displayName", "NHS login (" + version + ")");
        JsonNode live = Json.parse(admin.sendAdmin("GET", "/realms/" + Sandpit.REALM, "").body());
        realm.set("smtpServer", live.path("smtpServer"));
        JsonNode liveClient = Json.parse(admin.send("GET", "/clients?clientId=" + PARTNER, "").body()).get(0);
        for (JsonNode client : realm.withArrayProperty("clients")) {
            if (client.path("clientId").asText().equals(PARTNER)) {
                ((ObjectNode) client).set("redirectUris", liveClient.path("redirectUris"));
                ObjectNode attributes = ((ObjectNode) client).withObjectProperty("attributes");
                attributes.put("use.jwks.url", "false");
                attributes.set("jwt.credential.certificate", liveClient.path("attributes").path("jwt.credential.certificate"));
            }
        }
        for (JsonNode config : realm.withArrayProperty("authenticatorConfig")) {
            if (config.path("alias").asText().equals("nhs sms code")) {
                ((ObjectNode) config.path("config")).put("sends-per-window", "4");
            }
        }
        String p0Mobile = TestMobiles.next();
        String p5Mobile = TestMobiles.next();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String p0 = "p0-" + suffix + "@upgrade.example";
        String p5 = "p5-" + suffix + "@upgrade.example";
        String withoutMobile = "nomobile-" + suffix + "@upgrade.example";
        ArrayNode users = realm.putArray("users");
        citizen(users, p0, Map.of("identity_proofing_level", "P0", "phone_number", p0Mobile,
                "phone_number_verified", "true"));
        ObjectNode p5User = citizen(users, p5, Map.of("identity_proofing_level", "P5", "nhs_number", "9000000009",
                "birthdate", "1980-01-02", "phone_number", p5Mobile, "phone_number_verified", "true",
                "gp_ods_code", "Y12345"));
        p5User.put("firstName", "Ada").put("lastName", "LOVELACE");
        citizen(users, withoutMobile, Map.of("identity_proofing_level", "P0"));
        edit.accept(realm);

        HttpResponse<String> created = admin.sendAdmin("POST", "/realms", realm.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new Deployed(name, p0, p0Mobile, p5, p5Mobile, withoutMobile,
                sandpit.keycloakUrl().resolve("/realms/" + name));
    }

    private static ObjectNode citizen(ArrayNode users, String username, Map<String, String> attributes) {
        ObjectNode user = users.addObject().put("username", username).put("email", username).put("emailVerified", true)
                .put("enabled", true);
        ObjectNode values = user.putObject("attributes");
        attributes.forEach((name, value) -> values.putArray(name).add(value));
        user.putArray("credentials").addObject().put("type", "password").put("value", AdminApi.TEST_PASSWORD)
                .put("temporary", false);
        return user;
    }

    /** After deployment, in the admin console: a scope, a user-profile attribute and a reworded message of their own. */
    private static void administratorsOwnChanges(AdminApi admin, String realm) {
        HttpResponse<String> scope = admin.sendAdmin("POST", "/realms/" + realm + "/client-scopes", Json.object()
                .put("name", "newsletter").put("protocol", "openid-connect").toString());
        assertThat(scope.statusCode()).as(scope.body()).isEqualTo(201);

        ObjectNode profile = (ObjectNode) Json.parse(admin.sendAdmin("GET", "/realms/" + realm + "/users/profile", "").body());
        ObjectNode attribute = profile.withArrayProperty("attributes").addObject().put("name", "letter_salutation")
                .put("displayName", "Salutation").put("multivalued", false);
        attribute.putObject("permissions").<ObjectNode>set("view", Json.array().add("admin"))
                .set("edit", Json.array().add("admin"));
        HttpResponse<String> updated = admin.sendAdmin("PUT", "/realms/" + realm + "/users/profile", profile.toString());
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

        HttpResponse<String> text = admin.sendAdminText("PUT", "/realms/" + realm + "/localization/en/nhs-group-contact",
                "How we contact you");
        assertThat(text.statusCode()).as(text.body()).isEqualTo(204);
    }

    private static JsonNode signIn(Sandpit sandpit, Deployed deployed, String username, String mobile) {
        Partner partner = deployed.partner(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid",
                Map.of("vtr", username.equals(deployed.p5()) ? "[\"P5.Cp.Cd\"]" : "[\"P0.Cp.Cd\"]"));
        Citizen citizen = new Citizen(sandpit);
        Citizen.Landing codePage = citizen.signInWithPassword(request.uri(), username, AdminApi.TEST_PASSWORD);
        assertThat(codePage.page().selectFirst(Citizen.SMS_CODE_FORM)).as(codePage.page().text()).isNotNull();
        Citizen.Landing back = citizen.enterSmsCode(codePage, new SmsInbox(sandpit).latestCode(mobile));
        HttpResponse<String> tokens = partner.redeem(partner.code(request, back.redirect()), request.codeVerifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return Json.parse(tokens.body());
    }

    // ---- reading a realm through the admin API

    private static JsonNode upgrade(AdminApi admin, String method, String realm, int status) {
        HttpResponse<String> response = admin.sendAdmin(method, "/realms/" + realm + "/nhs-realm-upgrade", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.parse(response.body());
    }

    private static List<String> names(JsonNode changes) {
        List<String> names = new ArrayList<>();
        changes.forEach(change -> names.add(change.path("part").asText() + " " + change.path("name").asText() + " "
                + change.path("change").asText()));
        return names;
    }

    /** Every top-level flow with its executions, without ids: what runs, in which order, with which config. */
    private static JsonNode flows(AdminApi admin, String realm) {
        ObjectNode flows = Json.object();
        List<JsonNode> topLevel = new ArrayList<>();
        Json.parse(admin.sendAdmin("GET", "/realms/" + realm + "/authentication/flows", "").body()).forEach(topLevel::add);
        topLevel.sort(Comparator.comparing(flow -> flow.path("alias").asText()));
        for (JsonNode flow : topLevel) {
            String alias = flow.path("alias").asText();
            ObjectNode entry = flows.putObject(alias).put("description", flow.path("description").asText())
                    .put("providerId", flow.path("providerId").asText());
            ArrayNode executions = entry.putArray("executions");
            for (JsonNode execution : Json.parse(admin.sendAdmin("GET", "/realms/" + realm + "/authentication/flows/"
                    + Http.encode(alias).replace("+", "%20") + "/executions", "").body())) {
                ObjectNode copy = ((ObjectNode) execution).deepCopy();
                copy.remove(List.of("id", "flowId", "authenticationConfig", "priority"));
                if (execution.has("authenticationConfig")) {
                    copy.put("config", Json.parse(admin.sendAdmin("GET", "/realms/" + realm + "/authentication/config/"
                            + execution.path("authenticationConfig").asText(), "").body()).path("alias").asText());
                }
                executions.add(copy);
            }
        }
        return flows;
    }

    record Managed(Map<String, JsonNode> clientScopes, JsonNode clientProfiles, JsonNode clientPolicies,
            Map<String, JsonNode> userProfile, List<String> requiredActions, Map<String, String> smsCodeSettings) {
    }

    private static Managed managed(AdminApi admin, String realm) {
        String base = "/realms/" + realm;
        Map<String, JsonNode> scopes = new TreeMap<>();
        for (JsonNode scope : Json.parse(admin.sendAdmin("GET", base + "/client-scopes", "").body())) {
            ObjectNode copy = ((ObjectNode) scope).deepCopy();
            copy.remove("id");
            List<JsonNode> mappers = new ArrayList<>();
            copy.path("protocolMappers").forEach(mapper -> mappers.add(((ObjectNode) mapper.deepCopy()).without("id")));
            mappers.sort(Comparator.comparing(mapper -> mapper.path("name").asText()));
            copy.set("protocolMappers", Json.MAPPER.valueToTree(mappers));
            scopes.put(scope.path("name").asText(), copy);
        }
        JsonNode profile = Json.parse(admin.sendAdmin("GET", base + "/users/profile", "").body());
        Map<String, JsonNode> userProfile = new TreeMap<>();
        profile.path("attributes").forEach(attribute -> userProfile.put(attribute.path("name").asText(), attribute));
        profile.path("groups").forEach(group -> userProfile.put("group " + group.path("name").asText(), group));
        List<String> actions = new ArrayList<>();
        Json.parse(admin.sendAdmin("GET", base + "/authentication/required-actions", "").body())
                .forEach(action -> actions.add(action.path("alias").asText()));
        Map<String, String> sms = new TreeMap<>();
        for (JsonNode execution : Json.parse(admin.sendAdmin("GET", base + "/authentication/flows/"
                + Http.encode("nhs browser forms").replace("+", "%20") + "/executions", "").body())) {
            if (execution.path("providerId").asText().equals("nhs-sms-code")) {
                Json.parse(admin.sendAdmin("GET", base + "/authentication/config/"
                        + execution.path("authenticationConfig").asText(), "").body())
                        .path("config").properties().forEach(entry -> sms.put(entry.getKey(), entry.getValue().asText()));
            }
        }
        return new Managed(scopes, Json.parse(admin.sendAdmin("GET", base + "/client-policies/profiles", "").body()),
                Json.parse(admin.sendAdmin("GET", base + "/client-policies/policies", "").body()), userProfile, actions,
                sms);
    }

    private static Map<String, String> localization(AdminApi admin, String realm, String locale) {
        Map<String, String> texts = new TreeMap<>();
        Json.parse(admin.sendAdmin("GET", "/realms/" + realm + "/localization/" + locale, "").body()).properties()
                .forEach(entry -> texts.put(entry.getKey(), entry.getValue().asText()));
        return texts;
    }

    /** What an upgrade must never change: the citizens, the clients, the keys and the realm's own settings. */
    record Untouched(JsonNode users, JsonNode clients, JsonNode keys, JsonNode realm) {

        static Untouched of(AdminApi admin, String realm) {
            String base = "/realms/" + realm;
            ObjectNode settings = (ObjectNode) Json.parse(admin.sendAdmin("GET", base, "").body());
            // The realm's representation carries its client profiles and policies, which the upgrade does own.
            settings.remove(List.of("clientProfiles", "clientPolicies"));
            // The bundle's own clients (nhs-...) are the upgrade's to create; every other client is the administrator's.
            com.fasterxml.jackson.databind.node.ArrayNode clients = Json.array();
            Json.parse(admin.sendAdmin("GET", base + "/clients", "").body()).forEach(client -> {
                if (!client.path("clientId").asText().startsWith("nhs-")) {
                    clients.add(client);
                }
            });
            // A client's scopes are a set; Keycloak lists them in no fixed order.
            for (JsonNode client : clients) {
                for (String field : List.of("defaultClientScopes", "optionalClientScopes")) {
                    List<String> scopes = new ArrayList<>();
                    client.path(field).forEach(scope -> scopes.add(scope.asText()));
                    scopes.sort(null);
                    ((ObjectNode) client).set(field, Json.MAPPER.valueToTree(scopes));
                }
            }
            return new Untouched(
                    Json.parse(admin.sendAdmin("GET", base + "/users?briefRepresentation=false&max=100", "").body()),
                    clients,
                    Json.parse(admin.sendAdmin("GET", base + "/keys", "").body()), settings);
        }

        void assertSameAs(Untouched before) {
            assertThat(users).as("users").isEqualTo(before.users);
            assertThat(clients).as("clients").isEqualTo(before.clients);
            assertThat(keys).as("keys").isEqualTo(before.keys);
            assertThat(realm).as("realm settings").isEqualTo(before.realm);
        }
    }

    private static JsonNode resource(String name) {
        try (InputStream in = RealmUpgradeIT.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
