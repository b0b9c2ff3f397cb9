package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * What a partner receives for each scope, as NHS login releases it: every scope and the usual combinations, for
 * citizens at P0, P5 and P9, in the ID token, the access token, userinfo, introspection and refreshed tokens. Each
 * answer must hold exactly the expected claims: a stray claim fails as surely as a missing one.
 */
@ExtendWith(SandpitExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopesAndClaimsIT {

    /**
     * What Keycloak puts in every token for its own bookkeeping; partners ignore unknown claims (EIS 3.6). The ID token
     * carries no {@code azp}: EIS table 16 lists it as not supported.
     */
    private static final Set<String> ID_TOKEN_PROTOCOL = Set.of("iss", "sub", "aud", "exp", "iat", "jti", "auth_time",
            "nonce", "typ", "sid", "at_hash");
    /** OpenID Connect Core 12.2: a refreshed ID token carries no nonce. */
    private static final Set<String> REFRESHED_ID_TOKEN_PROTOCOL = Set.of("iss", "sub", "aud", "exp", "iat", "jti",
            "auth_time", "typ", "sid", "at_hash");
    private static final Set<String> ACCESS_TOKEN_PROTOCOL = Set.of("iss", "sub", "aud", "exp", "iat", "jti", "auth_time",
            "azp", "typ", "sid", "scope");
    private static final Set<String> USERINFO_PROTOCOL = Set.of("sub");
    private static final Set<String> INTROSPECTION_PROTOCOL = Set.of("iss", "sub", "aud", "exp", "iat", "jti", "auth_time",
            "azp", "typ", "sid", "scope", "active", "client_id", "username", "token_type");

    /** The P0 citizen has names and numbers on file too, so only the level keeps them out of the answers. */
    private static final Citizenship P0 = new Citizenship("P0", "9990000042", "Ffion", null, "JONES", "1992-06-01",
            "W92001", true);
    private static final Citizenship P5 = new Citizenship("P5", "9990000026", "Chidi", "Emeka", "OKAFOR", "1990-11-21",
            "Y12345", true);
    private static final Citizenship P9 = new Citizenship("P9", "9990000034", "Siân", "Angharad Mererid",
            "AP DAFYDD-O'BRIEN", "1975-02-28", "W97001", false);

    private record Citizenship(String level, String nhsNumber, String givenName, String middleNames, String familyName,
            String birthdate, String gpOdsCode, boolean pdsMatched) {
    }

    private Sandpit sandpit;
    private AdminApi admin;
    private final Map<String, String> usernames = new HashMap<>();
    private final Map<String, String> mobiles = new HashMap<>();
    private final Map<String, Citizen> browsers = new HashMap<>();

    @BeforeAll
    void threeCitizensEachSignedInOnce(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        for (Citizenship citizen : List.of(P0, P5, P9)) {
            String mobile = TestMobiles.next();
            String username = createProofedCitizen(citizen, mobile);
            usernames.put(citizen.level(), username);
            mobiles.put(citizen.level(), mobile);
            Citizen browser = new Citizen(sandpit);
            Partner partner = Partner.healthInformation(sandpit);
            Partner.AuthorizationRequest request = partner.authorize("openid");
            partner.code(request, browser.signIn(request.uri(), username, AdminApi.TEST_PASSWORD).redirect());
            browsers.put(citizen.level(), browser);
        }
    }

    @AfterAll
    void removeTheCitizens() {
        usernames.values().forEach(admin::deleteUser);
    }

    private String createProofedCitizen(Citizenship citizen, String mobile) {
        String username = admin.createCitizen("claims-" + citizen.level().toLowerCase(), mobile);
        ObjectNode user = admin.user(username);
        user.put("firstName", citizen.givenName()).put("lastName", citizen.familyName());
        ObjectNode attributes = user.withObjectProperty("attributes");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("identity_proofing_level", citizen.level());
        values.put("nhs_number", citizen.nhsNumber());
        values.put("birthdate", citizen.birthdate());
        values.put("gp_ods_code", citizen.gpOdsCode());
        values.put("phone_number_pds_matched", String.valueOf(citizen.pdsMatched()));
        if (citizen.pdsMatched()) {
            // AMNV records the number it matched; the claim is true only while the 2FA mobile is that number.
            values.put("phone_number_pds_matched_number", mobile);
        }
        if (citizen.middleNames() != null) {
            values.put("middle_names", citizen.middleNames());
        }
        values.forEach((name, value) -> attributes.set(name, Json.MAPPER.valueToTree(List.of(value))));
        HttpResponse<String> response = admin.updateUser(user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        return username;
    }

    static Stream<Arguments> matrix() {
        List<String> scopes = List.of("openid", "openid profile", "openid profile_extended",
                "openid profile profile_extended", "openid profile_reduced", "openid basic_demographics",
                "openid basic_demographics profile_extended", "openid profile_middle_names",
                "openid profile profile_middle_names", "openid phone", "openid email", "openid gp_registration_details",
                "openid profile profile_extended phone email gp_registration_details",
                "openid basic_demographics profile_middle_names phone email gp_registration_details");
        List<Arguments> cases = new ArrayList<>();
        for (String scope : scopes) {
            for (Citizenship citizen : List.of(P0, P5, P9)) {
                cases.add(Arguments.of(scope, citizen));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("matrix")
    void eachAnswerHoldsExactlyTheClaimsItsScopesRelease(String scope, Citizenship citizen) {
        Set<String> scopes = Set.of(scope.split(" "));
        Partner partner = Partner.healthInformation(sandpit);
        JsonNode tokens = tokens(partner, scope, citizen);
        Expected expected = expected(scopes, citizen);

        JsonNode idToken = Json.jwtPayload(tokens.path("id_token").asText());
        JsonNode accessToken = Json.jwtPayload(tokens.path("access_token").asText());
        assertClaims("ID token", idToken, ID_TOKEN_PROTOCOL, expected.idToken());
        assertClaims("access token", accessToken, ACCESS_TOKEN_PROTOCOL, expected.accessToken());
        assertClaims("userinfo", Json.parse(ok(partner.userinfo(tokens.path("access_token").asText())).body()),
                USERINFO_PROTOCOL, expected.userinfo());
        assertClaims("introspection", Json.parse(ok(partner.introspect(tokens.path("access_token").asText())).body()),
                INTROSPECTION_PROTOCOL, expected.accessToken());

        JsonNode refreshed = Json.parse(ok(partner.refresh(tokens.path("refresh_token").asText())).body());
        assertClaims("refreshed ID token", Json.jwtPayload(refreshed.path("id_token").asText()),
                REFRESHED_ID_TOKEN_PROTOCOL, expected.idToken());
        assertClaims("refreshed access token", Json.jwtPayload(refreshed.path("access_token").asText()),
                ACCESS_TOKEN_PROTOCOL, expected.accessToken());
        assertClaims("userinfo after the refresh",
                Json.parse(ok(partner.userinfo(refreshed.path("access_token").asText())).body()), USERINFO_PROTOCOL,
                expected.userinfo());
        assertThat(Json.jwtHeader(tokens.path("id_token").asText()).path("alg").asText()).isEqualTo("RS512");
        assertThat(Json.jwtHeader(tokens.path("access_token").asText()).path("alg").asText()).isEqualTo("RS512");
    }

    private record Expected(Map<String, Object> idToken, Map<String, Object> accessToken, Map<String, Object> userinfo) {
    }

    /**
     * The contract, written out: ID token carries the assurance claims and the profile family's family name, date of
     * birth, NHS number and level (EIS table 16); the access token the assurance claims and the NHS number (table 17);
     * userinfo every claim of every granted scope, but not vot and vtm.
     */
    private Expected expected(Set<String> scopes, Citizenship citizen) {
        Map<String, Object> profile = new TreeMap<>();
        Map<String, Object> userinfoOnly = new TreeMap<>();
        Map<String, Object> access = new TreeMap<>();
        boolean proofed = !citizen.level().equals("P0");
        if (proofed && scopes.contains("profile")) {
            profile.put("nhs_number", citizen.nhsNumber());
            access.put("nhs_number", citizen.nhsNumber());
        }
        if (proofed && (scopes.contains("profile") || scopes.contains("profile_reduced")
                || scopes.contains("basic_demographics"))) {
            profile.put("family_name", citizen.familyName());
            profile.put("birthdate", citizen.birthdate());
            profile.put("identity_proofing_level", citizen.level());
        }
        if (proofed && (scopes.contains("profile_extended") || scopes.contains("profile_middle_names"))) {
            userinfoOnly.put("given_name", citizen.givenName());
        }
        if (proofed && scopes.contains("profile_middle_names") && citizen.middleNames() != null) {
            userinfoOnly.put("middle_name", citizen.middleNames());
        }
        if (proofed && scopes.contains("gp_registration_details")) {
            userinfoOnly.put("gp_registration_details", Map.of("gp_ods_code", citizen.gpOdsCode()));
        }
        if (scopes.contains("phone")) {
            userinfoOnly.put("phone_number", mobiles.get(citizen.level()));
            userinfoOnly.put("phone_number_verified", true);
            userinfoOnly.put("phone_number_pds_matched", citizen.pdsMatched());
        }
        if (scopes.contains("email")) {
            userinfoOnly.put("email", usernames.get(citizen.level()));
            userinfoOnly.put("email_verified", true);
        }
        Map<String, Object> assurance = Map.of("vot", "P0.Cp.Cd", "vtm", sandpit.realmUrl() + "/trustmark");
        Map<String, Object> idToken = new TreeMap<>(profile);
        idToken.putAll(assurance);
        access.putAll(assurance);
        Map<String, Object> userinfo = new TreeMap<>(profile);
        userinfo.putAll(userinfoOnly);
        return new Expected(idToken, access, userinfo);
    }

    private static void assertClaims(String where, JsonNode answer, Set<String> protocol, Map<String, Object> nhs) {
        Set<String> expectedNames = new TreeSet<>(protocol);
        expectedNames.addAll(nhs.keySet());
        Set<String> actualNames = new TreeSet<>();
        answer.fieldNames().forEachRemaining(actualNames::add);
        assertThat(actualNames).as("claims in the %s: %s", where, answer).isEqualTo(expectedNames);
        nhs.forEach((claim, value) -> assertThat(answer.get(claim)).as("%s in the %s", claim, where)
                .isEqualTo(Json.MAPPER.valueToTree(value)));
    }

    private JsonNode tokens(Partner partner, String scope, Citizenship citizen) {
        Partner.AuthorizationRequest request = partner.authorize(scope);
        URI back = browsers.get(citizen.level()).open(request.uri()).redirect();
        return Json.parse(ok(partner.redeem(partner.code(request, back), request.codeVerifier())).body());
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openid basic_demographics", "openid profile_reduced",
            "openid basic_demographics profile_extended profile_middle_names phone email gp_registration_details"})
    void theReducedProfilesNeverCarryTheNhsNumberAnywhere(String scope) {
        Partner partner = Partner.healthInformation(sandpit);
        JsonNode tokens = tokens(partner, scope, P9);
        JsonNode refreshed = Json.parse(ok(partner.refresh(tokens.path("refresh_token").asText())).body());

        List<String> answers = List.of(
                Json.jwtPayload(tokens.path("id_token").asText()).toString(),
                Json.jwtPayload(tokens.path("access_token").asText()).toString(),
                Json.jwtPayload(tokens.path("refresh_token").asText()).toString(),
                ok(partner.userinfo(tokens.path("access_token").asText())).body(),
                ok(partner.introspect(tokens.path("access_token").asText())).body(),
                ok(partner.introspect(tokens.path("refresh_token").asText())).body(),
                Json.jwtPayload(refreshed.path("id_token").asText()).toString(),
                Json.jwtPayload(refreshed.path("access_token").asText()).toString(),
                ok(partner.userinfo(refreshed.path("access_token").asText())).body());
        assertThat(answers).allSatisfy(answer -> assertThat(answer).doesNotContain(P9.nhsNumber())
                .doesNotContain("nhs_number"));
        // The reduced profile is still there: it is the NHS number alone that is held back.
        assertThat(answers.get(0)).contains(P9.birthdate());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openid basic_demographics profile", "openid profile profile_reduced",
            "openid profile_reduced profile email"})
    void profileTogetherWithAReducedProfileIsRefusedBeforeAnyPage(String scope) {
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize(scope);

        Citizen.Landing landing = new Citizen(sandpit).open(request.uri());

        Map<String, String> answer = Partner.query(landing.redirect());
        assertThat(answer).containsEntry("error", "invalid_scope").containsEntry("state", request.state())
                .doesNotContainKey("code");
        assertThat(answer.get("error_description")).contains("cannot be requested together");
    }

    @Test
    void aScopeTheClientWasNotGivenIsInvalidScope() {
        // The GP services example partner is not given basic_demographics.
        Partner partner = Partner.gpServices(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid basic_demographics");

        Map<String, String> answer = Partner.query(new Citizen(sandpit).open(request.uri()).redirect());

        assertThat(answer).containsEntry("error", "invalid_scope").doesNotContainKey("code");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openid basic_demographics offline_access", "openid basic_demographics profile"})
    void aRefreshAskingForAScopeTheClientMayNotHoldThereIsInvalidScope(String widened) {
        Partner partner = Partner.healthInformation(sandpit);
        JsonNode tokens = tokens(partner, "openid basic_demographics", P9);

        HttpResponse<String> refresh = partner.refresh(tokens.path("refresh_token").asText(), widened);

        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(400);
        assertThat(Json.parse(refresh.body()).path("error").asText()).isEqualTo("invalid_scope");
    }

    /**
     * A scope the client is given but the sign-in did not ask for: Keycloak answers with the scopes of the sign-in
     * that the request kept (here only {@code openid}), never more.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openid profile", "openid profile_middle_names", "openid gp_registration_details"})
    void aRefreshNeverWidensTheScopesOfTheSignIn(String widened) {
        Partner partner = Partner.healthInformation(sandpit);
        JsonNode tokens = tokens(partner, "openid basic_demographics", P9);

        JsonNode refreshed = Json.parse(ok(partner.refresh(tokens.path("refresh_token").asText(), widened)).body());

        String accessToken = refreshed.path("access_token").asText();
        assertThat(Json.jwtPayload(accessToken).path("scope").asText()).isEqualTo("openid");
        JsonNode userinfo = Json.parse(ok(partner.userinfo(accessToken)).body());
        assertThat(List.of(Json.jwtPayload(refreshed.path("id_token").asText()), Json.jwtPayload(accessToken), userinfo))
                .allSatisfy(answer -> assertThat(answer.toString()).doesNotContain(P9.nhsNumber())
                        .doesNotContain("given_name").doesNotContain("middle_name").doesNotContain(P9.gpOdsCode()));
    }

    @Test
    void aRefreshMayNarrowTheScopes() {
        Partner partner = Partner.healthInformation(sandpit);
        JsonNode tokens = tokens(partner, "openid profile phone", P5);

        HttpResponse<String> narrowed = ok(partner.refresh(tokens.path("refresh_token").asText(), "openid phone"));

        JsonNode access = Json.jwtPayload(Json.parse(narrowed.body()).path("access_token").asText());
        assertThat(access.has("nhs_number")).isFalse();
        JsonNode userinfo = Json.parse(ok(partner.userinfo(Json.parse(narrowed.body()).path("access_token").asText()))
                .body());
        assertThat(userinfo.has("family_name")).isFalse();
        assertThat(userinfo.path("phone_number").asText()).isEqualTo(mobiles.get("P5"));
    }

    @Test
    void namesSurviveIntactWelshHyphensApostrophesAndAccents() {
        Partner partner = Partner.healthInformation(sandpit);
        JsonNode tokens = tokens(partner, "openid profile profile_middle_names", P9);

        JsonNode userinfo = Json.parse(ok(partner.userinfo(tokens.path("access_token").asText())).body());
        assertThat(userinfo.path("given_name").asText()).isEqualTo("Siân");
        assertThat(userinfo.path("middle_name").asText()).isEqualTo("Angharad Mererid");
        assertThat(userinfo.path("family_name").asText()).isEqualTo("AP DAFYDD-O'BRIEN");
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("family_name").asText())
                .isEqualTo("AP DAFYDD-O'BRIEN");
    }

    @ParameterizedTest(name = "middle names {0}")
    @ValueSource(strings = {"none", "Rhys", "Zoë Łucja Ngọc Anh", "Mary-Jane O'Neill"})
    void middleNameHoldsEveryMiddleNameSpaceSeparatedOrIsLeftOut(String middleNames) {
        Citizenship citizen = new Citizenship("P5", "9990000026", "Olú", middleNames.equals("none") ? null : middleNames,
                "NGUYỄN", "2001-01-31", "Y12345", false);
        String username = createProofedCitizen(citizen, TestMobiles.next());
        try {
            Partner partner = Partner.healthInformation(sandpit);
            Partner.AuthorizationRequest request = partner.authorize("openid profile_middle_names");
            URI back = new Citizen(sandpit).signIn(request.uri(), username, AdminApi.TEST_PASSWORD).redirect();
            JsonNode tokens = Json.parse(ok(partner.redeem(partner.code(request, back), request.codeVerifier())).body());

            JsonNode userinfo = Json.parse(ok(partner.userinfo(tokens.path("access_token").asText())).body());

            assertThat(userinfo.path("given_name").asText()).isEqualTo("Olú");
            if (citizen.middleNames() == null) {
                assertThat(userinfo.has("middle_name")).as(userinfo.toString()).isFalse();
            } else {
                assertThat(userinfo.path("middle_name").asText()).isEqualTo(middleNames);
            }
        } finally {
            admin.deleteUser(username);
        }
    }

    @Test
    void noStockKeycloakClaimReachesAPartner() {
        Partner partner = Partner.healthInformation(sandpit);
        JsonNode tokens = tokens(partner,
                "openid profile profile_extended profile_middle_names phone email gp_registration_details", P9);

        List<JsonNode> answers = List.of(Json.jwtPayload(tokens.path("id_token").asText()),
                Json.jwtPayload(tokens.path("access_token").asText()),
                Json.parse(ok(partner.userinfo(tokens.path("access_token").asText())).body()),
                Json.parse(ok(partner.introspect(tokens.path("access_token").asText())).body()));
        for (JsonNode answer : answers) {
            assertThat(Arrays.asList("preferred_username", "name", "acr", "realm_access", "resource_access",
                    "allowed-origins", "locale", "gender", "address", "updated_at", "nickname", "picture"))
                    .allSatisfy(stock -> assertThat(answer.has(stock)).as("%s in %s", stock, answer).isFalse());
        }
        // Introspection names the subject, never the email address the partner was not necessarily given.
        JsonNode introspection = answers.get(3);
        assertThat(introspection.path("username").asText()).isEqualTo(introspection.path("sub").asText());
    }

    @Test
    void aPartnerSignsTheCitizenOutWithItsClientIdAndTheIdTokenWhichCarriesNoAzp() {
        // A browser of its own: signing out ends the session the other tests' browsers rely on.
        Citizen browser = new Citizen(sandpit);
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        URI back = browser.signIn(request.uri(), usernames.get("P5"), AdminApi.TEST_PASSWORD).redirect();
        JsonNode tokens = Json.parse(ok(partner.redeem(partner.code(request, back), request.codeVerifier())).body());
        String idToken = tokens.path("id_token").asText();
        JsonNode claims = Json.jwtPayload(idToken);
        assertThat(claims.has("azp")).as("azp in %s", claims).isFalse();
        assertThat(claims.path("aud").asText()).isEqualTo("example-health-information");
        String signedOut = "https://health-information.example/signed-out";

        // Without azp Keycloak cannot tell from the token alone which partner's redirect URIs apply.
        Citizen.Landing withoutClientId = browser.open(logout(Map.of("id_token_hint", idToken,
                "post_logout_redirect_uri", signedOut)));
        assertThat(withoutClientId.page().selectFirst("#kc-logout-confirm")).as("refused, not offered").isNull();
        assertThat(ok(partner.refresh(tokens.path("refresh_token").asText())).statusCode()).isEqualTo(200);

        // With client_id, and no azp to match it against, Keycloak asks the citizen to confirm before signing out.
        Citizen.Landing confirm = browser.open(logout(Map.of("id_token_hint", idToken,
                "client_id", "example-health-information", "post_logout_redirect_uri", signedOut, "state", "bye")));
        assertThat(confirm.page().body().attr("data-page-id")).isEqualTo("login-logout-confirm");
        assertThat(ok(partner.refresh(tokens.path("refresh_token").asText())).statusCode()).isEqualTo(200);
        URI redirect = browser.submit(confirm, "#kc-logout-confirm", Map.of("confirmLogout", "Sign out")).redirect();
        assertThat(redirect.toString()).startsWith(signedOut);
        assertThat(Partner.query(redirect)).containsEntry("state", "bye");
        HttpResponse<String> afterLogout = partner.refresh(tokens.path("refresh_token").asText());
        assertThat(afterLogout.statusCode()).as(afterLogout.body()).isEqualTo(400);
        assertThat(Json.parse(afterLogout.body()).path("error").asText()).isEqualTo("invalid_grant");
    }

    private URI logout(Map<String, String> parameters) {
        return URI.create(sandpit.realmUrl() + "/protocol/openid-connect/logout?"
                + Http.formBody(parameters));
    }
}
