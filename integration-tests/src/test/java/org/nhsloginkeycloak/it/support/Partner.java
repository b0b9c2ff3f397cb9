package org.nhsloginkeycloak.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * A partner service as NHS login expects one: authorization code flow, {@code private_key_jwt} client authentication
 * signed RS512 (Interface Specification 7), and PKCE.
 */
public final class Partner {

    /** Registered for P9 (its default); P0 and P5 citizens are refused. */
    public static final String GP_SERVICES = "example-gp-services";
    /** Registered for P5 and P9, asks for P5 by default. */
    public static final String VACCINATION_RECORD = "example-vaccination-record";
    /** Registered for P0, P5 and P9 with two factors, asks for P0.Cp.Cd by default. */
    public static final String HEALTH_INFORMATION = "example-health-information";
    public static final String SANDPIT_REDIRECT = "http://localhost/sandpit/callback";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Http http = new Http();
    private final URI realm;
    private final String clientId;
    private final String redirectUri;
    private final PrivateKey key;

    public Partner(Sandpit sandpit, String clientId, String redirectUri, PrivateKey key) {
        this(sandpit.realmUrl(), clientId, redirectUri, key);
    }

    /** A partner of another realm than the sandpit's, e.g. {@code http://localhost:8080/realms/other}. */
    public Partner(URI realm, String clientId, String redirectUri, PrivateKey key) {
        this.realm = realm;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.key = key;
    }

    /** The sandpit's P9 example partner with its sandpit key. */
    public static Partner gpServices(Sandpit sandpit) {
        return sandpitPartner(sandpit, GP_SERVICES);
    }

    public static Partner vaccinationRecord(Sandpit sandpit) {
        return sandpitPartner(sandpit, VACCINATION_RECORD);
    }

    public static Partner healthInformation(Sandpit sandpit) {
        return sandpitPartner(sandpit, HEALTH_INFORMATION);
    }

    private static Partner sandpitPartner(Sandpit sandpit, String clientId) {
        return new Partner(sandpit, clientId, SANDPIT_REDIRECT, privateKey(sandpit.clientPrivateKeyPem(clientId)));
    }

    /** One authorization request with fresh state, nonce and PKCE verifier. */
    public record AuthorizationRequest(URI uri, String state, String nonce, String codeVerifier) {
    }

    public AuthorizationRequest authorize(String scope) {
        return authorize(scope, Map.of());
    }

    /** An authorization request with {@code extra} parameters, e.g. {@code vtr}, {@code acr_values}, {@code prompt}. */
    public AuthorizationRequest authorize(String scope, Map<String, String> extra) {
        String state = random();
        String nonce = random();
        String verifier = random() + random();
        String challenge = BASE64URL.encodeToString(sha256(verifier));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("response_type", "code");
        query.put("scope", scope);
        query.put("redirect_uri", redirectUri);
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        query.putAll(extra);
        URI uri = URI.create(realm + "/protocol/openid-connect/auth?" + Http.formBody(query));
        return new AuthorizationRequest(uri, state, nonce, verifier);
    }

    /** The code from a redirect back to the partner, after checking the state. */
    public String code(AuthorizationRequest request, URI redirect) {
        Map<String, String> query = query(redirect);
        assertThat(redirect.toString()).startsWith(redirectUri);
        assertThat(query).as("redirect %s", redirect).containsEntry("state", request.state()).containsKey("code");
        return query.get("code");
    }

    /** Redeems the code with the verifier: the token response, whatever its status. */
    public HttpResponse<String> redeem(String code, String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        return tokenRequest(form);
    }

    public HttpResponse<String> refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return tokenRequest(form);
    }

    public HttpResponse<String> tokenRequest(Map<String, String> form) {
        Map<String, String> body = new LinkedHashMap<>(form);
        body.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        body.put("client_assertion", clientAssertion());
        return http.postForm(tokenEndpoint(), body);
    }

    /** Refreshes asking for {@code scope}, which may narrow what the first grant gave but never widen it. */
    public HttpResponse<String> refresh(String refreshToken, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("scope", scope);
        return tokenRequest(form);
    }

    /** RFC 7662 introspection of {@code token}, the partner authenticating as at the token endpoint. */
    public HttpResponse<String> introspect(String token) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        body.put("client_assertion", clientAssertion());
        return http.postForm(URI.create(tokenEndpoint() + "/introspect"), body);
    }

    public HttpResponse<String> userinfo(String accessToken) {
        return http.get(URI.create(realm + "/protocol/openid-connect/userinfo"), "Authorization", "Bearer " + accessToken);
    }

    public URI tokenEndpoint() {
        return URI.create(realm + "/protocol/openid-connect/token");
    }

    /** RFC 7523 client assertion: iss = sub = client id, aud = token endpoint, 60 s life, signed RS512. */
    public String clientAssertion() {
        long now = Instant.now().getEpochSecond();
        var claims = Json.object()
                .put("iss", clientId)
                .put("sub", clientId)
                .put("aud", tokenEndpoint().toString())
                .put("jti", UUID.randomUUID().toString())
                .put("iat", now)
                .put("exp", now + 60);
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

    public static PrivateKey privateKey(String pkcs8Pem) {
        String base64 = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body());
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
