package org.nhsloginkeycloak.it.support;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * The sandpit's PDS stand-in as a test sees it from outside: a record as PDS now holds it, the updates Keycloak sent
 * it, and an update of its own (another NHS service changing the record meanwhile), made with a patient-access token
 * from the stand-in's token exchange.
 */
public final class PdsStandIn {

    private final HttpClient http = HttpClient.newHttpClient();
    private final Sandpit sandpit;
    private final URI base;

    public PdsStandIn(Sandpit sandpit) {
        this.sandpit = sandpit;
        this.base = sandpit.pds().baseUrl();
    }

    /** The record as PDS holds it now, its version in {@code meta.versionId}. */
    public JsonNode record(String nhsNumber) {
        HttpResponse<String> response = read(nhsNumber);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    public HttpResponse<String> read(String nhsNumber) {
        return send(HttpRequest.newBuilder(patient(nhsNumber)).header("X-Request-ID", UUID.randomUUID().toString())
                .GET().build());
    }

    public static int version(JsonNode record) {
        return Integer.parseInt(record.path("meta").path("versionId").asText());
    }

    /** The bodies of the updates that reached the stand-in for {@code nhsNumber}, oldest first. */
    public List<JsonNode> updatesTo(String nhsNumber) {
        return sandpit.pds().server().findAll(patchRequestedFor(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient/"
                + nhsNumber))).stream().sorted(java.util.Comparator.comparing(request -> request.getLoggedDate()))
                .map(request -> Json.parse(request.getBodyAsString())).toList();
    }

    /** What the stand-in's token exchange issued, each a citizen's patient-access token. */
    public List<String> exchangedTokens() {
        return sandpit.pds().server().getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith("/oauth2/token")
                        && event.getRequest().getBodyAsString().contains("token-exchange")
                        && event.getResponse().getStatus() == 200)
                .map(event -> Json.parse(event.getResponse().getBodyAsString()).path("access_token").asText())
                .toList();
    }

    /** The ID tokens Keycloak offered the exchange (the {@code subject_token}s), as sent. */
    public List<String> exchangedIdTokens() {
        return sandpit.pds().server().findAll(postRequestedFor(urlPathEqualTo("/oauth2/token"))).stream()
                .flatMap(request -> java.util.Arrays.stream(request.getBodyAsString().split("&")))
                .filter(pair -> pair.startsWith("subject_token="))
                .map(pair -> java.net.URLDecoder.decode(pair.substring("subject_token=".length()),
                        StandardCharsets.UTF_8))
                .toList();
    }

    /**
     * A patient-access token for {@code nhsNumber} at P9 from the stand-in's exchange, as another NHS service would
     * hold one (its ID token unsigned: the stand-in checks the shape, not the signature).
     */
    public String patientAccess(String nhsNumber) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String idToken = base64.encodeToString("{\"alg\":\"RS512\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(Json.object().put("nhs_number", nhsNumber).put("identity_proofing_level", "P9")
                        .put("exp", Instant.now().plusSeconds(300).getEpochSecond()).toString()
                        .getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        String form = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&subject_token_type="
                + enc("urn:ietf:params:oauth:token-type:id_token") + "&subject_token=" + enc(idToken)
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + enc("eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJhcHAifQ.c2ln");
        HttpResponse<String> token = send(HttpRequest.newBuilder(base.resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Json.parse(token.body()).path("access_token").asText();
    }

    /** A PATCH of {@code nhsNumber}'s record, as PDS takes one. */
    public HttpResponse<String> update(String nhsNumber, String token, String etag, ArrayNode patches) {
        return send(HttpRequest.newBuilder(patient(nhsNumber))
                .header("X-Request-ID", UUID.randomUUID().toString()).header("Authorization", "Bearer " + token)
                .header("If-Match", etag).header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.object().set("patches", patches).toString()))
                .build());
    }

    private URI patient(String nhsNumber) {
        return base.resolve(Sandpit.PDS_FHIR_PATH + "/Patient/" + nhsNumber);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
