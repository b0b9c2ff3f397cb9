package org.nhsloginkeycloak.connectors.pds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Access tokens from NHS England's API platform by signed-JWT client credentials, the pattern PDS uses in
 * application-restricted mode: a JWT signed RS512 with our private key ({@code kid} names the public key registered with
 * the application; {@code iss} and {@code sub} are the application's API key; {@code aud} is the token endpoint; a fresh
 * {@code jti}; {@code exp} at most 5 minutes ahead) is posted as {@code client_assertion} with
 * {@code grant_type=client_credentials}, and the answer's {@code access_token} lasts {@code expires_in} seconds (NHS
 * sends it as a string, "599"). See
 * https://digital.nhs.uk/developer/guides-and-documentation/security-and-authorisation/application-restricted-restful-apis-signed-jwt-authentication
 *
 * <p>The token is kept until {@value #REFRESH_MARGIN_SECONDS} s before it expires. When it is due, the first caller
 * fetches and any others arriving meanwhile wait for that same fetch and share its result, success or failure, so a
 * burst of citizens costs one call to the token endpoint and an outage does not queue them one timeout after another.
 */
final class SignedJwtTokenSource implements PdsTokenSource {

    /** NHS allows at most 5 minutes; a minute less, so a server clock a little behind ours does not reject it. */
    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(4);
    static final long REFRESH_MARGIN_SECONDS = 60;

    private static final Logger LOG = Logger.getLogger(SignedJwtTokenSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern PKCS8_PEM = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    /**
     * The {@code signed-jwt} options.
     *
     * @param tokenUrl used as it is written for both the POST and {@code aud}: NHS compares the two character for
     *     character
     */
    record Options(String tokenUrl, String apiKey, Path privateKeyFile, String keyId) {

        /** Never prints the API key. */
        @Override
        public String toString() {
            return "Options[tokenUrl=" + tokenUrl + ", keyId=" + keyId + ", privateKeyFile=" + privateKeyFile + "]";
        }
    }

    /** A token and when to stop using it. */
    private record Issued(String accessToken, Instant renewAt) {

        @Override
        public String toString() {
            return "Issued[renewAt=" + renewAt + "]";
        }
    }

    private final Options options;
    private final PrivateKey key;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private Issued issued;
    private CompletableFuture<Issued> fetching;

    SignedJwtTokenSource(Options options, PrivateKey key, HttpClient http, Duration timeout, Clock clock) {
        this.options = options;
        this.key = key;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Optional<String> token() throws TokenUnavailable {
        CompletableFuture<Issued> result;
        boolean fetchHere = false;
        synchronized (this) {
            if (issued != null && clock.instant().isBefore(issued.renewAt())) {
                return Optional.of(issued.accessToken());
            }
            if (fetching == null) {
                fetching = new CompletableFuture<>();
                fetchHere = true;
            }
            result = fetching;
        }
        if (fetchHere) {
            fetchInto(result);
        }
        try {
            return Optional.of(result.get().accessToken());
        } catch (ExecutionException e) {
            throw (TokenUnavailable) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailable(PdsAnswer.Why.TIMEOUT);
        }
    }

    /** Fetches, then lets every waiter go, whatever happened: a waiter left hanging would hold a citizen's request. */
    private void fetchInto(CompletableFuture<Issued> result) {
        Issued fresh = null;
        TokenUnavailable failure = new TokenUnavailable(PdsAnswer.Why.SERVER_ERROR);
        try {
            fresh = fetch();
        } catch (TokenUnavailable e) {
            failure = e;
        } catch (RuntimeException e) {
            LOG.warnf("No PDS token: %s: %s", e.getClass().getSimpleName(), e.getMessage());
        } finally {
            synchronized (this) {
                issued = fresh;
                fetching = null;
            }
            if (fresh != null) {
                result.complete(fresh);
            } else {
                result.completeExceptionally(failure);
            }
        }
    }

    @Override
    public synchronized void refused(String token) {
        // Only the token PDS refused: a caller late with its 401 must not drop the one fetched since.
        if (issued != null && issued.accessToken().equals(token)) {
            issued = null;
        }
    }

    @Override
    public String name() {
        return "signed-jwt";
    }

    private Issued fetch() throws TokenUnavailable {
        Instant now = clock.instant();
        JsonNode body = post("grant_type=client_credentials"
                + "&client_assertion_type=" + formValue("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + formValue(assertion(now)), "token");
        String accessToken = body.path("access_token").asText("");
        long lifetime = seconds(body.path("expires_in"));
        // A token shorter-lived than twice the margin is still kept for half its life rather than fetched per call.
        long keepFor = Math.max(lifetime - REFRESH_MARGIN_SECONDS, lifetime / 2);
        return new Issued(accessToken, now.plusSeconds(keepFor));
    }

    /**
     * NHS England's token exchange (RFC 8693, the "NHS login separate authentication and authorisation" pattern): the
     * citizen's NHS login ID token, with this application's client assertion, for a patient-access token of their
     * own. Never kept here (it is the citizen's, for one update) and never logged.
     */
    String exchange(String idToken) throws TokenUnavailable {
        return post("grant_type=" + formValue("urn:ietf:params:oauth:grant-type:token-exchange")
                + "&subject_token_type=" + formValue("urn:ietf:params:oauth:token-type:id_token")
                + "&subject_token=" + formValue(idToken)
                + "&client_assertion_type=" + formValue("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + formValue(assertion(clock.instant())), "exchange")
                .path("access_token").asText();
    }

    /** One form to the token endpoint; the 200's body, which has an {@code access_token}, or why not. */
    private JsonNode post(String form, String what) throws TokenUnavailable {
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.tokenUrl()))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warnf("The PDS token endpoint did not answer a %s (%s)", what, e.getClass().getSimpleName());
            throw new TokenUnavailable(PdsAnswer.Why.TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailable(PdsAnswer.Why.TIMEOUT);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            // OAuth's error and its description name the faulty claim; neither holds a secret.
            LOG.warnf("The PDS token endpoint answered a %s with %d (%s: %s)", what, response.statusCode(),
                    shortText(body.path("error")), shortText(body.path("error_description")));
            throw new TokenUnavailable(whyRefused(response.statusCode()));
        }
        if (body.path("access_token").asText("").isBlank()) {
            LOG.warnf("The PDS token endpoint answered a %s with 200 but no access_token", what);
            throw new TokenUnavailable(PdsAnswer.Why.SERVER_ERROR);
        }
        return body;
    }

    /** A 4xx means the platform refused our credentials (wrong key, kid, API key or aud); 429 is its rate limit. */
    private static PdsAnswer.Why whyRefused(int status) {
        if (status == 429) {
            return PdsAnswer.Why.RATE_LIMITED;
        }
        return status >= 400 && status < 500 ? PdsAnswer.Why.NOT_AUTHORISED : PdsAnswer.Why.SERVER_ERROR;
    }

    String assertion(Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS512");
        header.put("typ", "JWT");
        header.put("kid", options.keyId());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", options.apiKey());
        claims.put("sub", options.apiKey());
        claims.put("aud", options.tokenUrl());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
        try {
            String signingInput = BASE64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs512 = Signature.getInstance("SHA512withRSA");
            rs512.initSign(key);
            rs512.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rs512.sign());
        } catch (IOException | GeneralSecurityException e) {
            // The key was checked at start-up and every JDK has RS512: this is a broken runtime, not a bad answer.
            throw new IllegalStateException("Cannot sign the PDS client assertion: " + e.getClass().getSimpleName());
        }
    }

    /** {@code expires_in} as a number or, as NHS sends it, a string; anything else means do not keep the token. */
    private static long seconds(JsonNode value) {
        if (value.isNumber()) {
            return Math.max(0, value.asLong());
        }
        try {
            return Math.max(0, Long.parseLong(value.asText("").trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String formValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = JSON.readTree(body == null ? "" : body);
            return json == null ? JSON.missingNode() : json;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static String shortText(JsonNode value) {
        String text = value.asText("-");
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /**
     * Reads an unencrypted PEM PKCS#8 RSA private key ({@code -----BEGIN PRIVATE KEY-----}). Fails with a message that
     * says what is wrong with the file and never quotes it.
     */
    static PrivateKey readPrivateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the PDS private key file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalStateException("The PDS private key file " + file + " holds a PKCS#1 key; convert it to"
                    + " PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in <file> -out <new file>`");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalStateException("The PDS private key file " + file + " is encrypted; give it unencrypted"
                    + " (`openssl pkcs8 -topk8 -nocrypt`) and protect the file instead");
        }
        Matcher body = PKCS8_PEM.matcher(pem);
        if (!body.find()) {
            throw new IllegalStateException("The PDS private key file " + file
                    + " holds no PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(body.group(1).replaceAll("\\s", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException("The PDS private key file " + file + " does not hold an RSA private key");
        }
    }
}
