package org.nhsloginkeycloak.sandpit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PDS stand-in's records as PDS keeps them, and the patient access that may change them:
 * <ul>
 *   <li>{@code GET /Patient/{nhs}}: a record updated here answers as it is now, with its {@code ETag}; one never
 *       updated answers from its mapping as before.</li>
 *   <li>{@code PATCH /Patient/{nhs}}: only with a patient-access token for that record's NHS number at P9 (an
 *       application-restricted token is 403 {@code INVALID_METHOD}), {@code If-Match: W/"n"} of its current version
 *       (412 without, 409 for another), {@code Content-Type: application/json-patch+json}; applied by
 *       {@link PdsPatch}, the version moved on by one. A retry with the {@code X-Request-ID} of an update already
 *       applied answers as that update did, as PDS does after its 503.</li>
 *   <li>{@code POST /oauth2/token} with {@code grant_type} token-exchange: NHS England's exchange of an NHS login ID
 *       token (RFC 8693, {@code subject_token_type} {@code id_token}, with the application's signed-JWT
 *       {@code client_assertion}) for a patient-access token carrying the ID token's {@code nhs_number} and
 *       {@code identity_proofing_level}. Neither JWT's signature is checked; an expired ID token is refused.</li>
 * </ul>
 * Searches still answer from their mappings: an update here does not change what a trace finds.
 */
final class PdsRecords implements ResponseDefinitionTransformerV2 {

    static final String NAME = "pds-records";
    private static final String PATIENT = "/personal-demographics/FHIR/R4/Patient/";
    private static final Pattern NHS_NUMBER = Pattern.compile("[0-9]{10}");
    private static final Pattern IF_MATCH = Pattern.compile("W/\"([0-9]+)\"");
    private static final Pattern BODY_FILE = Pattern.compile("patients/([0-9]{10})\\.json");
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.([A-Za-z0-9_-]+)\\.[A-Za-z0-9_-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A patient-access token: whose record it opens and at what level its ID token was. */
    record PatientAccess(String nhsNumber, String level) {
    }

    private record Applied(String nhsNumber, ObjectNode record) {
    }

    private final Clock clock;
    private final Map<String, ObjectNode> updated = new ConcurrentHashMap<>();
    private final Map<String, PatientAccess> tokens = new ConcurrentHashMap<>();
    private final Map<String, Applied> byRequestId = new ConcurrentHashMap<>();

    PdsRecords(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String path = request.getUrl().replaceFirst("\\?.*", "");
        if (path.equals("/oauth2/token")) {
            return exchange(request);
        }
        if (!path.startsWith(PATIENT)) {
            return event.getResponseDefinition();
        }
        String nhsNumber = path.substring(PATIENT.length());
        if (RequestMethod.PATCH.equals(request.getMethod())) {
            return patch(nhsNumber, request);
        }
        // A read mapping names the record it answers with (a superseded number answers with its successor's file).
        String file = event.getResponseDefinition().getBodyFileName();
        Matcher record = file == null ? null : BODY_FILE.matcher(file);
        ObjectNode now = record != null && record.matches() ? updated.get(record.group(1)) : null;
        return now == null ? event.getResponseDefinition() : patient(now, request);
    }

    private synchronized ResponseDefinition patch(String nhsNumber, Request request) {
        String requestId = request.getHeader("X-Request-ID");
        Applied before = requestId == null ? null : byRequestId.get(requestId);
        if (before != null && before.nhsNumber().equals(nhsNumber)) {
            return patient(before.record(), request);
        }
        String authorization = request.containsHeader("Authorization") ? request.getHeader("Authorization") : "";
        if (!authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
            return outcome(401, "ACCESS_DENIED", "forbidden", "Missing Authorization header", request);
        }
        PatientAccess access = tokens.get(authorization.substring(7).trim());
        if (access == null) {
            return outcome(403, "INVALID_METHOD", "forbidden", "Your app has insufficient permissions to use this"
                    + " method. Please contact support.", request);
        }
        if (!"P9".equals(access.level()) || !access.nhsNumber().equals(nhsNumber)) {
            return outcome(403, "ACCESS_DENIED", "forbidden", "Patient cannot perform this action", request);
        }
        ObjectNode current = current(nhsNumber);
        if (current == null) {
            return outcome(404, "RESOURCE_NOT_FOUND", "not-found", "Resource not found", request);
        }
        String ifMatch = request.containsHeader("If-Match") ? request.getHeader("If-Match") : "";
        Matcher version = IF_MATCH.matcher(ifMatch);
        if (!version.matches()) {
            return outcome(412, "PRECONDITION_FAILED", "structure", "Required condition was not fulfilled: If-Match"
                    + " W/\"<version>\"", request);
        }
        if (!version.group(1).equals(current.path("meta").path("versionId").asText())) {
            return outcome(409, "RESOURCE_VERSION_MISMATCH", "conflict", "Resource version supplied does not match"
                    + " actual version", request);
        }
        String type = request.containsHeader("Content-Type") ? request.getHeader("Content-Type") : "";
        if (!type.startsWith("application/json-patch+json")) {
            return outcome(400, "INVALID_VALUE", "value", "Invalid value - '" + type + "' in header 'Content-Type'",
                    request);
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            return outcome(400, "INVALID_UPDATE", "structure", "The body is not JSON", request);
        }
        ObjectNode next;
        try {
            next = PdsPatch.apply(current, body == null ? null : body.get("patches"), LocalDate.now(clock));
        } catch (PdsPatch.Refused e) {
            return outcome(e.status(), e.code(), e.issue(), e.getMessage(), request);
        }
        ((ObjectNode) next.with("meta")).put("versionId", String.valueOf(Long.parseLong(version.group(1)) + 1));
        updated.put(nhsNumber, next);
        if (requestId != null) {
            byRequestId.put(requestId, new Applied(nhsNumber, next));
        }
        return patient(next, request);
    }

    private ObjectNode current(String nhsNumber) {
        ObjectNode now = updated.get(nhsNumber);
        if (now != null || !NHS_NUMBER.matcher(nhsNumber).matches()) {
            return now;
        }
        try (InputStream file = PdsRecords.class.getResourceAsStream("/stubs/pds/__files/patients/" + nhsNumber
                + ".json")) {
            return file == null ? null : (ObjectNode) JSON.readTree(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ResponseDefinition exchange(Request request) {
        Map<String, String> form = form(request.getBodyAsString());
        if (!TOKEN_EXCHANGE.equals(form.get("grant_type")) || !ID_TOKEN.equals(form.get("subject_token_type"))
                || !JWT_BEARER.equals(form.get("client_assertion_type"))
                || form.get("client_assertion") == null || !JWT.matcher(form.get("client_assertion")).matches()) {
            return oauthError(400, "invalid_request", "grant_type token-exchange needs subject_token_type id_token"
                    + " and a jwt-bearer client_assertion");
        }
        Matcher idToken = JWT.matcher(form.getOrDefault("subject_token", ""));
        JsonNode claims;
        try {
            claims = idToken.matches() ? JSON.readTree(Base64.getUrlDecoder().decode(idToken.group(1))) : null;
        } catch (IOException | IllegalArgumentException e) {
            claims = null;
        }
        if (claims == null || !claims.has("nhs_number")) {
            return oauthError(400, "invalid_request", "subject_token is not an NHS login ID token with an nhs_number");
        }
        if (claims.path("exp").asLong() * 1000 < clock.millis()) {
            return oauthError(401, "invalid_grant", "subject_token has expired");
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, new PatientAccess(claims.path("nhs_number").asText(),
                claims.path("identity_proofing_level").asText(null)));
        ObjectNode body = JSON.createObjectNode().put("access_token", token).put("expires_in", "599")
                .put("token_type", "Bearer").put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .put("issued_at", String.valueOf(clock.millis()));
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : (body == null ? "" : body).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static ResponseDefinition patient(ObjectNode record, Request request) {
        return fhir(200, record.toString(), request).withHeader("ETag", "W/\""
                + record.path("meta").path("versionId").asText() + "\"").build();
    }

    private static ResponseDefinition outcome(int status, String code, String issue, String diagnostics,
            Request request) {
        ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
        ObjectNode item = outcome.putArray("issue").addObject().put("severity", "error").put("code", issue);
        item.putObject("details").putArray("coding").addObject()
                .put("system", "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode").put("version", "1")
                .put("code", code).put("display", code.replace('_', ' ').toLowerCase(java.util.Locale.ROOT));
        item.put("diagnostics", diagnostics);
        return fhir(status, outcome.toString(), request).build();
    }

    private static ResponseDefinitionBuilder fhir(int status, String body, Request request) {
        ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/fhir+json").withBody(body);
        if (request.containsHeader("X-Request-ID")) {
            response = response.withHeader("X-Request-ID", request.getHeader("X-Request-ID"));
        }
        return response;
    }

    private static ResponseDefinition oauthError(int status, String error, String description) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(JSON.createObjectNode().put("error", error).put("error_description", description).toString())
                .build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
