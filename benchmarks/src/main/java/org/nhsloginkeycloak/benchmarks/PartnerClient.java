package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * A sandpit partner as NHS login expects one: authorization code flow with PKCE, and {@code private_key_jwt} signed
 * RS512 at the token endpoint, with the sandpit's key for the client.
 */
final class PartnerClient {

    static final String REDIRECT_URI = "http://localhost/sandpit/callback";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final HttpClient http;
    private final URI realm;
    private final String clientId;
    private final PrivateKey key;

    PartnerClient(HttpClient http, Sandpit sandpit, String clientId) {
        this.http = http;
        this.realm = sandpit.realmUrl();
        this.clientId = clientId;
        this.key = privateKey(sandpit.clientPrivateKeyPem(clientId));
    }

    /** One authorization request: fresh state, nonce and PKCE verifier. */
    record Request(URI uri, String state, String codeVerifier) {
    }

    Request authorize(String scope, String vtr) {
        String state = random();
        String verifier = random() + random();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("response_type", "code");
        query.put("scope", scope);
        query.put("redirect_uri", REDIRECT_URI);
        query.put("state", state);
        query.put("nonce", random());
        query.put("code_challenge", BASE64URL.encodeToString(sha256(verifier)));
        query.put("code_challenge_method", "S256");
        query.put("vtr", vtr);
        return new Request(URI.create(realm + "/protocol/openid-connect/auth?" + form(query)), state, verifier);
    }

    /** Redeems the code in {@code redirect}: the ID token's claims. */
    JsonNode redeem(Request request, URI redirect) throws IOException {
        Map<String, String> back = query(redirect);
        if (!request.state().equals(back.get("state")) || !back.containsKey("code")) {
            throw new IllegalStateException("The partner was sent back without its state and a code: " + back.keySet()
                    + (back.containsKey("error") ? " " + back.get("error") : ""));
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", back.get("code"));
        body.put("redirect_uri", REDIRECT_URI);
        body.put("code_verifier", request.codeVerifier());
        body.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        body.put("client_assertion", clientAssertion());
        HttpResponse<String> response = send(HttpRequest.newBuilder(tokenEndpoint()).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(body))).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The token endpoint answered " + response.statusCode() + ": "
                    + response.body());
        }
        String idToken = JSON.readTree(response.body()).path("id_token").asText();
        return JSON.readTree(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]));
    }

    private URI tokenEndpoint() {
        return URI.create(realm + "/protocol/openid-connect/token");
    }

    private String clientAssertion() {
        long now = Instant.now().getEpochSecond();
        var claims = JSON.createObjectNode().put("iss", clientId).put("sub", clientId)
                .put("aud", tokenEndpoint().toString()).put("jti", UUID.randomUUID().toString())
                .put("iat", now).put("exp", now + 60);
        String signingInput = BASE64URL.encodeToString("{\"alg\":\"RS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + BASE64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA512withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static PrivateKey privateKey(String pkcs8Pem) {
        String base64 = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
