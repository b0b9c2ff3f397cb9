package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PDS stand-in takes updates the way PDS does, over HTTP as the PDS client will send them: patient access from the
 * token exchange, {@code If-Match} versions, JSON Patch in {@code {"patches": [...]}} applied whole or not at all, and
 * only what a patient may change. So a test that sees the stand-in accept a patch has proved the patch right.
 */
class PdsStandInUpdateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FFION = "9990001006";
    private static final String SIAN = "9990001030";
    private static final String FHIR = "/personal-demographics/FHIR/R4/Patient/";

    private final HttpClient http = HttpClient.newHttpClient();
    private ThirdPartyStub pds;

    @BeforeEach
    void start() {
        pds = ThirdPartyStub.start("pds", Ports.free());
    }

    @AfterEach
    void stop() {
        pds.close();
    }

    /** An NHS login ID token as the stand-in reads it: its claims matter, its signature is not checked. */
    private static String idToken(String nhsNumber, String level, Instant expires) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String claims = JSON.createObjectNode().put("iss", "https://login.example/realms/nhs").put("sub", "citizen-1")
                .put("nhs_number", nhsNumber).put("identity_proofing_level", level)
                .put("exp", expires.getEpochSecond()).toString();
        return base64.encodeToString("{\"alg\":\"RS512\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private HttpResponse<String> exchange(Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(each -> each.getKey() + "=" + URLEncoder.encode(each.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(pds.baseUrl() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> exchangeForm(String idToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");
        form.put("subject_token", idToken);
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", "eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJhcHAifQ.c2ln");
        return form;
    }

    private String patientAccess(String nhsNumber, String level) throws IOException, InterruptedException {
        HttpResponse<String> exchanged = exchange(exchangeForm(idToken(nhsNumber, level,
                Instant.now().plusSeconds(300))));
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        JsonNode token = JSON.readTree(exchanged.body());
        assertThat(token.path("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(token.path("expires_in").asText()).isEqualTo("599");
        return token.path("access_token").asText();
    }

    private HttpResponse<String> read(String nhsNumber) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(pds.baseUrl() + FHIR + nhsNumber))
                .header("X-Request-ID", UUID.randomUUID().toString()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> patch(String nhsNumber, String token, String ifMatch, String patches,
            String requestId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pds.baseUrl() + FHIR + nhsNumber))
                .header("X-Request-ID", requestId).header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"patches\": " + patches + "}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> patch(String nhsNumber, String token, String ifMatch, String patches)
            throws IOException, InterruptedException {
        return patch(nhsNumber, token, ifMatch, patches, UUID.randomUUID().toString());
    }

    private static String code(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("issue").path(0).path("details").path("coding").path(0)
                .path("code").asText();
    }

    private static final String NEW_HOME = "{\"op\": \"replace\", \"path\": \"/address/0\", \"value\": {\"id\": \"A1\","
            + " \"use\": \"home\", \"period\": {\"start\": \"2026-01-01\"}, \"line\": [\"2 New Street\", \"Cardiff\"],"
            + " \"postalCode\": \"CF10 2BB\"}}";

    @Test
    void aPatientReplacesTheirHomeAddressWholeAndTheNextReadHasItWithTheNextVersion() throws Exception {
        String token = patientAccess(FFION, "P9");
        HttpResponse<String> before = read(FFION);
        assertThat(before.headers().firstValue("ETag")).contains("W/\"3\"");

        HttpResponse<String> updated = patch(FFION, token, "W/\"3\"", "[" + NEW_HOME + "]");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).contains("W/\"4\"");
        assertThat(updated.headers().firstValue("Content-Type")).contains("application/fhir+json");

        HttpResponse<String> after = read(FFION);
        assertThat(after.headers().firstValue("ETag")).contains("W/\"4\"");
        JsonNode record = JSON.readTree(after.body());
        assertThat(record.path("meta").path("versionId").asText()).isEqualTo("4");
        assertThat(record.path("address").path(0).path("postalCode").asText()).isEqualTo("CF10 2BB");
        assertThat(record.path("name").path(0).path("family").asText()).as("the rest as it was").isEqualTo("JONES");
    }

    @Test
    void aNewEmailIsAddedAtTheEndWithoutAnIdAndPdsGivesItOneAndAStartDate() throws Exception {
        String token = patientAccess(FFION, "P9");
        HttpResponse<String> updated = patch(FFION, token, "W/\"3\"", "[{\"op\": \"add\", \"path\": \"/telecom/-\","
                + " \"value\": {\"system\": \"email\", \"use\": \"home\", \"value\": \"ffion@example.org\"}}]");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        JsonNode email = JSON.readTree(updated.body()).path("telecom").path(1);
        assertThat(email.path("value").asText()).isEqualTo("ffion@example.org");
        assertThat(email.path("id").asText()).isNotBlank();
        assertThat(email.path("period").path("start").asText())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    }

    @Test
    void oneRefusedOperationLeavesTheWholeRecordAsItWas() throws Exception {
        String token = patientAccess(FFION, "P9");
        HttpResponse<String> refused = patch(FFION, token, "W/\"3\"", "[" + NEW_HOME + ", {\"op\": \"add\", \"path\":"
                + " \"/telecom/0\", \"value\": {\"system\": \"email\", \"value\": \"ffion@example.org\"}}]");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(code(refused)).isEqualTo("INVALID_UPDATE");
        JsonNode record = JSON.readTree(read(FFION).body());
        assertThat(record.path("meta").path("versionId").asText()).isEqualTo("3");
        assertThat(record.path("address").path(0).path("postalCode").asText()).isEqualTo("CF10 1AA");
    }

    @Test
    void theShapesPdsRefusesAreRefused() throws Exception {
        String token = patientAccess(FFION, "P9");
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("a numeric index to add", "[{\"op\": \"add\", \"path\": \"/telecom/1\", \"value\": {\"system\":"
                + " \"email\", \"value\": \"ffion@example.org\"}}]");
        refused.put("an id on a new object", "[{\"op\": \"add\", \"path\": \"/telecom/-\", \"value\": {\"id\": \"T9\","
                + " \"system\": \"email\", \"value\": \"ffion@example.org\"}}]");
        refused.put("a remove without a test", "[{\"op\": \"remove\", \"path\": \"/telecom/0\"}]");
        refused.put("a test of another item", "[{\"op\": \"test\", \"path\": \"/address/0/id\", \"value\": \"A1\"},"
                + " {\"op\": \"remove\", \"path\": \"/telecom/0\"}]");
        refused.put("a failed test", "[{\"op\": \"test\", \"path\": \"/telecom/0/id\", \"value\": \"T2\"},"
                + " {\"op\": \"remove\", \"path\": \"/telecom/0\"}]");
        refused.put("part of an object", "[{\"op\": \"replace\", \"path\": \"/address/0/postalCode\", \"value\":"
                + " \"CF10 2BB\"}]");
        refused.put("a replace without the item's id", "[{\"op\": \"replace\", \"path\": \"/address/0\", \"value\":"
                + " {\"use\": \"home\", \"line\": [\"2 New Street\"], \"postalCode\": \"CF10 2BB\"}}]");
        refused.put("a replace that changes the use", "[{\"op\": \"replace\", \"path\": \"/telecom/0\", \"value\":"
                + " {\"id\": \"T1\", \"system\": \"email\", \"value\": \"ffion@example.org\"}}]");
        refused.put("a second current mobile", "[{\"op\": \"add\", \"path\": \"/telecom/-\", \"value\": {\"system\":"
                + " \"phone\", \"use\": \"mobile\", \"value\": \"07700900999\"}}]");
        refused.put("a work address", "[{\"op\": \"add\", \"path\": \"/address/-\", \"value\": {\"use\": \"work\","
                + " \"line\": [\"1 Office Road\"], \"postalCode\": \"CF10 3CC\"}}]");
        refused.put("a period starting tomorrow", "[{\"op\": \"add\", \"path\": \"/telecom/-\", \"value\": {\"system\":"
                + " \"email\", \"value\": \"ffion@example.org\", \"period\": {\"start\": \""
                + LocalDate.now(ZoneOffset.UTC).plusDays(2) + "\"}}}]");
        refused.put("an email that is not one", "[{\"op\": \"add\", \"path\": \"/telecom/-\", \"value\": {\"system\":"
                + " \"email\", \"value\": \"ffion\"}}]");
        refused.put("no operations", "[]");
        for (Map.Entry<String, String> each : refused.entrySet()) {
            HttpResponse<String> response = patch(FFION, token, "W/\"3\"", each.getValue());
            assertThat(response.statusCode()).as(each.getKey() + ": " + response.body()).isEqualTo(400);
            assertThat(code(response)).as(each.getKey()).isIn("INVALID_UPDATE", "INVALID_VALUE");
        }
        assertThat(read(FFION).headers().firstValue("ETag")).as("nothing applied").contains("W/\"3\"");
    }

    @Test
    void aRemoveRightAfterATestOfTheSameItemRemovesIt() throws Exception {
        String token = patientAccess(FFION, "P9");
        HttpResponse<String> removed = patch(FFION, token, "W/\"3\"", "[{\"op\": \"test\", \"path\": \"/telecom/0/id\","
                + " \"value\": \"T1\"}, {\"op\": \"remove\", \"path\": \"/telecom/0\"}]");
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(JSON.readTree(removed.body()).path("telecom")).isEmpty();
    }

    @Test
    void whatAPatientMayNotChangeIsForbidden() throws Exception {
        String ffion = patientAccess(FFION, "P9");
        for (String patches : new String[] {
                "[{\"op\": \"replace\", \"path\": \"/name/0\", \"value\": {\"id\": \"N1\", \"use\": \"usual\","
                        + " \"given\": [\"Ffion\"], \"family\": \"DAVIES\"}}]",
                "[{\"op\": \"replace\", \"path\": \"/birthDate\", \"value\": \"1990-01-01\"}]",
                "[{\"op\": \"replace\", \"path\": \"/gender\", \"value\": \"female\"}]",
                "[{\"op\": \"add\", \"path\": \"/telecom/-\", \"value\": {\"system\": \"phone\", \"use\": \"home\","
                        + " \"value\": \"02920 000000\"}}]"}) {
            HttpResponse<String> response = patch(FFION, ffion, "W/\"3\"", patches);
            assertThat(response.statusCode()).as(patches + ": " + response.body()).isEqualTo(403);
            assertThat(code(response)).isEqualTo("FORBIDDEN_UPDATE");
        }
        // Siân's record has a home phone: a patient cannot remove it either.
        String sian = patientAccess(SIAN, "P9");
        JsonNode record = JSON.readTree(read(SIAN).body());
        int home = -1;
        for (int i = 0; i < record.path("telecom").size(); i++) {
            JsonNode telecom = record.path("telecom").path(i);
            if (telecom.path("system").asText().equals("phone") && telecom.path("use").asText().equals("home")) {
                home = i;
            }
        }
        assertThat(home).isNotNegative();
        HttpResponse<String> response = patch(SIAN, sian, "W/\"3\"", "[{\"op\": \"test\", \"path\": \"/telecom/" + home
                + "/id\", \"value\": \"" + record.path("telecom").path(home).path("id").asText() + "\"}, {\"op\":"
                + " \"remove\", \"path\": \"/telecom/" + home + "\"}]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    }

    @Test
    void versionsAreCheckedWithIfMatch() throws Exception {
        String token = patientAccess(FFION, "P9");
        HttpResponse<String> none = patch(FFION, token, null, "[" + NEW_HOME + "]");
        assertThat(none.statusCode()).isEqualTo(412);
        assertThat(code(none)).isEqualTo("PRECONDITION_FAILED");
        HttpResponse<String> malformed = patch(FFION, token, "3", "[" + NEW_HOME + "]");
        assertThat(malformed.statusCode()).isEqualTo(412);
        HttpResponse<String> stale = patch(FFION, token, "W/\"2\"", "[" + NEW_HOME + "]");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(code(stale)).isEqualTo("RESOURCE_VERSION_MISMATCH");
    }

    @Test
    void aRetryWithTheSameRequestIdAfterAnUpdateWentThroughAnswersAsItDid() throws Exception {
        String token = patientAccess(FFION, "P9");
        String requestId = UUID.randomUUID().toString();
        HttpResponse<String> first = patch(FFION, token, "W/\"3\"", "[" + NEW_HOME + "]", requestId);
        assertThat(first.statusCode()).isEqualTo(200);
        HttpResponse<String> retry = patch(FFION, token, "W/\"3\"", "[" + NEW_HOME + "]", requestId);
        assertThat(retry.statusCode()).as("not a version mismatch: the same update").isEqualTo(200);
        assertThat(retry.headers().firstValue("ETag")).contains("W/\"4\"");
        assertThat(retry.headers().firstValue("X-Request-ID")).contains(requestId);
        HttpResponse<String> another = patch(FFION, token, "W/\"3\"", "[" + NEW_HOME + "]");
        assertThat(another.statusCode()).as("a new request on the old version").isEqualTo(409);
    }

    @Test
    void onlyThePatientsOwnP9AccessMayUpdateTheirRecord() throws Exception {
        HttpResponse<String> anonymous = patch(FFION, null, "W/\"3\"", "[" + NEW_HOME + "]");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(code(anonymous)).isEqualTo("ACCESS_DENIED");

        HttpResponse<String> application = patch(FFION, "an-application-restricted-token", "W/\"3\"",
                "[" + NEW_HOME + "]");
        assertThat(application.statusCode()).isEqualTo(403);
        assertThat(code(application)).isEqualTo("INVALID_METHOD");

        HttpResponse<String> someoneElse = patch(FFION, patientAccess(SIAN, "P9"), "W/\"3\"", "[" + NEW_HOME + "]");
        assertThat(someoneElse.statusCode()).isEqualTo(403);
        assertThat(code(someoneElse)).isEqualTo("ACCESS_DENIED");

        HttpResponse<String> p5 = patch(FFION, patientAccess(FFION, "P5"), "W/\"3\"", "[" + NEW_HOME + "]");
        assertThat(p5.statusCode()).isEqualTo(403);
        assertThat(code(p5)).isEqualTo("ACCESS_DENIED");
        assertThat(read(FFION).headers().firstValue("ETag")).contains("W/\"3\"");
    }

    @Test
    void theExchangeTakesOnlyAnIdTokenWithTheApplicationsAssertionAndNotAnExpiredOne() throws Exception {
        Map<String, String> accessToken = exchangeForm(idToken(FFION, "P9", Instant.now().plusSeconds(300)));
        accessToken.put("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
        HttpResponse<String> wrongType = exchange(accessToken);
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongType.body()).path("error").asText()).isEqualTo("invalid_request");

        Map<String, String> noAssertion = exchangeForm(idToken(FFION, "P9", Instant.now().plusSeconds(300)));
        noAssertion.remove("client_assertion");
        assertThat(exchange(noAssertion).statusCode()).isEqualTo(400);

        HttpResponse<String> expired = exchange(exchangeForm(idToken(FFION, "P9", Instant.now().minusSeconds(60))));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(expired.body()).path("error").asText()).isEqualTo("invalid_grant");

        assertThat(exchange(exchangeForm("not-a-jwt")).statusCode()).isEqualTo(400);
    }
}
