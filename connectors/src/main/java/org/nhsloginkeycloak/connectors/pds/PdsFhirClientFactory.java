package org.nhsloginkeycloak.connectors.pds;

import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.nhsloginkeycloak.connectors.health.CircuitBreaker;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

/**
 * {@value #PROVIDER_ID}: the PDS FHIR API. Server options ({@code --spi-nhs-pds--pds-fhir--<option>}):
 * <ul>
 *   <li>{@code base-url}: e.g. {@code https://int.api.service.nhs.uk/personal-demographics/FHIR/R4}; none: every trace
 *       answers "not configured"</li>
 *   <li>{@code access-token}: a fixed bearer token (secret; never logged)</li>
 *   <li>{@code token-url}, {@code api-key}, {@code private-key-file}, {@code key-id}: NHS England's signed-JWT client
 *       credentials instead ({@link SignedJwtTokenSource}): the OAuth token endpoint, e.g.
 *       {@code https://int.api.service.nhs.uk/oauth2/token}, the application's API key, an unencrypted PEM PKCS#8 RSA
 *       private key and the {@code kid} of its public key</li>
 *   <li>{@code timeout-seconds}: default {@value #DEFAULT_TIMEOUT_SECONDS}</li>
 *   <li>{@code requests-per-second}: the application's PDS rate, for the whole cluster ({@link CallSlots}), default
 *       {@value #DEFAULT_REQUESTS_PER_SECOND} (PDS's default for an application)</li>
 *   <li>{@code background-share}: the share of that rate work nobody waits on may take (the refresh after a sign-in),
 *       default {@value #DEFAULT_BACKGROUND_SHARE}, at least one call a second; the rest is the journeys'</li>
 *   <li>{@code circuit-failures}: failures in a row that open the circuit, default {@value #DEFAULT_CIRCUIT_FAILURES}</li>
 *   <li>{@code circuit-open-seconds}: how long it stays open, default {@value #DEFAULT_CIRCUIT_OPEN_SECONDS}</li>
 * </ul>
 * The token source follows from the options: {@code token-url} set is signed JWT (all four options needed),
 * {@code access-token} set is that token, neither is no {@code Authorization} (a stand-in). Both set, or signed JWT
 * with an option missing or a key that cannot be read, stops Keycloak at start-up: a half-configured PDS would fail
 * every trace instead. The rate allowance is the cluster's; the circuit and the token are the node's, shared by every session.
 */
public final class PdsFhirClientFactory implements PdsClientFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "pds-fhir";
    static final int DEFAULT_TIMEOUT_SECONDS = 5;
    static final double DEFAULT_REQUESTS_PER_SECOND = 5;
    static final double DEFAULT_BACKGROUND_SHARE = 0.4;
    static final int DEFAULT_CIRCUIT_FAILURES = 5;
    static final int DEFAULT_CIRCUIT_OPEN_SECONDS = 30;

    private static final Logger LOG = Logger.getLogger(PdsFhirClientFactory.class);

    /** What the options say, read once at start-up. */
    record Settings(String baseUrl, String accessToken, SignedJwtTokenSource.Options signedJwt, Duration timeout,
            double requestsPerSecond, double backgroundShare, int circuitFailures, Duration circuitOpenFor) {

        static Settings from(Config.Scope config) {
            String baseUrl = blankToNull(config.get("base-url"));
            String accessToken = blankToNull(config.get("access-token"));
            SignedJwtTokenSource.Options signedJwt = signedJwt(config);
            if (accessToken != null && signedJwt != null) {
                throw new IllegalStateException("PDS has both access-token and token-url set: choose one (--spi-"
                        + PdsSpi.NAME + "--" + PROVIDER_ID + "--access-token for a fixed token, --token-url with"
                        + " --api-key, --private-key-file and --key-id for signed-JWT client credentials)");
            }
            return new Settings(baseUrl == null ? null : baseUrl.replaceAll("/+$", ""), accessToken, signedJwt,
                    Duration.ofSeconds(config.getInt("timeout-seconds", DEFAULT_TIMEOUT_SECONDS)),
                    Double.parseDouble(config.get("requests-per-second", String.valueOf(DEFAULT_REQUESTS_PER_SECOND))),
                    Double.parseDouble(config.get("background-share", String.valueOf(DEFAULT_BACKGROUND_SHARE))),
                    config.getInt("circuit-failures", DEFAULT_CIRCUIT_FAILURES),
                    Duration.ofSeconds(config.getInt("circuit-open-seconds", DEFAULT_CIRCUIT_OPEN_SECONDS)));
        }

        private static SignedJwtTokenSource.Options signedJwt(Config.Scope config) {
            String tokenUrl = blankToNull(config.get("token-url"));
            if (tokenUrl == null) {
                return null;
            }
            String apiKey = blankToNull(config.get("api-key"));
            String privateKeyFile = blankToNull(config.get("private-key-file"));
            String keyId = blankToNull(config.get("key-id"));
            List<String> missing = new ArrayList<>();
            if (apiKey == null) {
                missing.add("api-key");
            }
            if (privateKeyFile == null) {
                missing.add("private-key-file");
            }
            if (keyId == null) {
                missing.add("key-id");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("PDS token-url is set but not " + String.join(", ", missing)
                        + ": signed-JWT client credentials need all of --spi-" + PdsSpi.NAME + "--" + PROVIDER_ID
                        + "--token-url, --api-key, --private-key-file and --key-id");
            }
            URI url;
            try {
                url = new URI(tokenUrl);
            } catch (URISyntaxException e) {
                url = null;
            }
            if (url == null || url.getHost() == null
                    || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
                throw new IllegalStateException("PDS token-url is not an http(s) URL: " + tokenUrl);
            }
            return new SignedJwtTokenSource.Options(tokenUrl, apiKey, Path.of(privateKeyFile), keyId);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }

        /** Never prints the token or the API key. */
        @Override
        public String toString() {
            return "Settings[baseUrl=" + baseUrl + ", accessToken=" + (accessToken == null ? "none" : "set")
                    + ", signedJwt=" + signedJwt + "]";
        }
    }

    private Settings settings;
    private HttpClient http;
    private PdsTokenSource tokens;
    private CallSlots callSlots;
    private DependencyHealth health;

    @Override
    public PdsClient create(KeycloakSession session) {
        return create(session.getProvider(SingleUseObjectProvider.class));
    }

    /** A client whose calls take their slots in {@code store}: the cluster's, or a test's. */
    PdsClient create(SingleUseObjectProvider store) {
        return new PdsFhirClient(settings, http, tokens, () -> callSlots.tryAcquire(store),
                () -> callSlots.tryAcquireBackground(store), health);
    }

    @Override
    public void init(Config.Scope config) {
        settings = Settings.from(config);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout()).build();
        tokens = tokenSource(settings, http);
        LOG.infof("PDS tokens: %s", tokens.name());
        callSlots = new CallSlots(settings.requestsPerSecond(), settings.backgroundShare());
        health = new DependencyHealth("pds",
                new CircuitBreaker(settings.circuitFailures(), settings.circuitOpenFor(), Clock.systemUTC()),
                Duration.ofMinutes(1), settings.requestsPerSecond(), Clock.systemUTC(), Metrics.globalRegistry);
        if (settings.baseUrl() == null) {
            LOG.warnf("PDS is not configured: traces will say so until --spi-%s--%s--base-url is set", PdsSpi.NAME,
                    PROVIDER_ID);
        }
    }

    private static PdsTokenSource tokenSource(Settings settings, HttpClient http) {
        if (settings.signedJwt() != null) {
            return new SignedJwtTokenSource(settings.signedJwt(),
                    SignedJwtTokenSource.readPrivateKey(settings.signedJwt().privateKeyFile()), http, settings.timeout(),
                    Clock.systemUTC());
        }
        return settings.accessToken() != null ? new PdsTokenSource.Static(settings.accessToken()) : PdsTokenSource.NONE;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("base-url").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("PDS FHIR R4 base URL, e.g. https://int.api.service.nhs.uk/personal-demographics/FHIR/R4.").add()
                .property().name("access-token").type(ProviderConfigProperty.STRING_TYPE).secret(true)
                .helpText("A fixed bearer token for PDS. Not with token-url.").add()
                .property().name("token-url").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("NHS England API platform token endpoint for signed-JWT client credentials, e.g."
                        + " https://int.api.service.nhs.uk/oauth2/token. Needs api-key, private-key-file and key-id.")
                .add()
                .property().name("api-key").type(ProviderConfigProperty.STRING_TYPE).secret(true)
                .helpText("The application's API key: iss and sub of the signed JWT.").add()
                .property().name("private-key-file").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of the unencrypted PEM PKCS#8 RSA private key that signs the JWT (RS512).").add()
                .property().name("key-id").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("kid of the matching public key in the application's registered key set.").add()
                .property().name("timeout-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_TIMEOUT_SECONDS).helpText("How long one call to PDS may take.").add()
                .property().name("requests-per-second").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(DEFAULT_REQUESTS_PER_SECOND))
                .helpText("The application's PDS rate for the whole cluster (5 per second by default).").add()
                .property().name("background-share").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(DEFAULT_BACKGROUND_SHARE))
                .helpText("Share of that rate the refresh after a sign-in may take (at least one call a second); the"
                        + " rest is kept for the journeys citizens wait on.").add()
                .property().name("circuit-failures").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_CIRCUIT_FAILURES).helpText("Failures in a row that stop calls to PDS.").add()
                .property().name("circuit-open-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_CIRCUIT_OPEN_SECONDS).helpText("How long calls stay stopped.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("base-url", settings.baseUrl() == null ? "not set" : settings.baseUrl());
        info.put("token-source", tokens.name());
        if (settings.signedJwt() != null) {
            info.put("token-url", settings.signedJwt().tokenUrl());
            info.put("key-id", settings.signedJwt().keyId());
            info.put("private-key-file", settings.signedJwt().privateKeyFile().toString());
            info.put("api-key", "set");
        } else {
            info.put("access-token", settings.accessToken() == null ? "not set" : "set");
        }
        info.put("requests-per-second", String.valueOf(settings.requestsPerSecond()));
        info.put("background-share", String.valueOf(settings.backgroundShare()));
        info.put("circuit", health.snapshot().circuit().name());
        return info;
    }
}
