package org.nhsloginkeycloak.it;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.connectors.pds.PdsContactDetails;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * The PDS client's update patches, as the sandpit's PDS stand-in takes them (it applies them the way PDS does and
 * refuses what PDS refuses): a patch from {@link PdsContactDetails} is accepted, moves the version on, and the next
 * read holds exactly the details asked for; a patch back restores them. Gareth PRICE's record (no telecom at first),
 * which no other test reads.
 */
@ExtendWith(SandpitExtension.class)
class PdsUpdatePatchIT {

    private static final String GARETH = "9990001022";

    private final HttpClient http = HttpClient.newHttpClient();
    private URI pds;

    @BeforeEach
    void standIn(Sandpit sandpit) {
        pds = sandpit.pds().baseUrl();
    }

    private String patientAccess(String nhsNumber) throws Exception {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String idToken = base64.encodeToString("{\"alg\":\"RS512\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(Json.object().put("nhs_number", nhsNumber).put("identity_proofing_level", "P9")
                        .put("exp", Instant.now().plusSeconds(300).getEpochSecond()).toString()
                        .getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        String form = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&subject_token_type="
                + enc("urn:ietf:params:oauth:token-type:id_token") + "&subject_token=" + enc(idToken)
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + enc("eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJhcHAifQ.c2ln");
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(pds.resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Json.parse(token.body()).path("access_token").asText();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> read() throws Exception {
        return http.send(HttpRequest.newBuilder(pds.resolve("/personal-demographics/FHIR/R4/Patient/" + GARETH))
                .header("X-Request-ID", UUID.randomUUID().toString()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> update(String token, String etag, ArrayNode patches) throws Exception {
        return http.send(HttpRequest.newBuilder(pds.resolve("/personal-demographics/FHIR/R4/Patient/" + GARETH))
                .header("X-Request-ID", UUID.randomUUID().toString()).header("Authorization", "Bearer " + token)
                .header("If-Match", etag).header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.object().set("patches", patches).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPatchFromTheWantedDetailsIsTakenAndThePatchBackRestoresThem() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String token = patientAccess(GARETH);
        HttpResponse<String> first = read();
        JsonNode original = Json.parse(first.body());
        PdsContactDetails before = PdsContactDetails.of(original, today);
        assertThat(before.mobile()).isNull();
        assertThat(before.patchFrom(original, today)).as("nothing changed, nothing to send").isEmpty();

        PdsContactDetails wanted = new PdsContactDetails(List.of("7 Harbour View", "Swansea"), "SA1 8AB",
                "07700 900777", "gareth@example.org");
        ArrayNode patches = wanted.patchFrom(original, today);
        assertThat(patches).extracting(op -> op.path("op").asText() + " " + op.path("path").asText())
                .containsExactly("replace /address/0", "add /telecom/-", "add /telecom/-");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> updated = update(token, etag, patches);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));

        HttpResponse<String> second = read();
        JsonNode now = Json.parse(second.body());
        assertThat(PdsContactDetails.of(now, today)).isEqualTo(wanted);
        assertThat(wanted.patchFrom(now, today)).as("the record is what was asked for").isEmpty();
        assertThat(now.path("name").path(0).path("family").asText()).isEqualTo("PRICE");

        ArrayNode back = before.patchFrom(now, today);
        assertThat(back).extracting(op -> op.path("op").asText()).containsExactly("replace", "test", "remove", "test",
                "remove");
        HttpResponse<String> restored = update(token, second.headers().firstValue("ETag").orElseThrow(), back);
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(PdsContactDetails.of(Json.parse(read().body()), today)).isEqualTo(before);
    }
}
