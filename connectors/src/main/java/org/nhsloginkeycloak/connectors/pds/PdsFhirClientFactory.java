package org.nhsloginkeycloak.connectors.pds;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * {@value #PROVIDER_ID}: the PDS FHIR API. Server options ({@code --spi-nhs-pds--pds-fhir--<option>}):
 * <ul>
 *   <li>{@code base-url}: e.g. {@code https://int.api.service.nhs.uk/personal-demographics/FHIR/R4}; none: every trace
 *       answers "not configured"</li>
 *   <li>{@code access-token}: a bearer token (secret; never logged)</li>
 *   <li>{@code timeout-seconds}: default {@value #DEFAULT_TIMEOUT_SECONDS}</li>
 *   <li>{@code requests-per-second}: this node's share of the application's PDS rate, default
 *       {@value #DEFAULT_REQUESTS_PER_SECOND} (PDS's default for an application; divide it by the number of nodes)</li>
 *   <li>{@code circuit-failures}: failures in a row that open the circuit, default {@value #DEFAULT_CIRCUIT_FAILURES}</li>
 *   <li>{@code circuit-open-seconds}: how long it stays open, default {@value #DEFAULT_CIRCUIT_OPEN_SECONDS}</li>
 * </ul>
 * The rate allowance and the circuit are the node's, shared by every session.
 */
public final class PdsFhirClientFactory implements PdsClientFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "pds-fhir";
    static final int DEFAULT_TIMEOUT_SECONDS = 5;
    static final double DEFAULT_REQUESTS_PER_SECOND = 5;
    static final int DEFAULT_CIRCUIT_FAILURES = 5;
    static final int DEFAULT_CIRCUIT_OPEN_SECONDS = 30;

    private static final Logger LOG = Logger.getLogger(PdsFhirClientFactory.class);

    /** What the options say, read once at start-up. */
    record Settings(String baseUrl, String accessToken, Duration timeout, double requestsPerSecond,
            int circuitFailures, Duration circuitOpenFor) {

        static Settings from(Config.Scope config) {
            String baseUrl = blankToNull(config.get("base-url"));
            return new Settings(baseUrl == null ? null : baseUrl.replaceAll("/+$", ""),
                    blankToNull(config.get("access-token")),
                    Duration.ofSeconds(config.getInt("timeout-seconds", DEFAULT_TIMEOUT_SECONDS)),
                    Double.parseDouble(config.get("requests-per-second", String.valueOf(DEFAULT_REQUESTS_PER_SECOND))),
                    config.getInt("circuit-failures", DEFAULT_CIRCUIT_FAILURES),
                    Duration.ofSeconds(config.getInt("circuit-open-seconds", DEFAULT_CIRCUIT_OPEN_SECONDS)));
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Settings[baseUrl=" + baseUrl + ", accessToken=" + (accessToken == null ? "none" : "set") + "]";
        }
    }

    private Settings settings;
    private HttpClient http;
    private RateLimit rateLimit;
    private CircuitBreaker circuit;

    @Override
    public PdsClient create(KeycloakSession session) {
        return new PdsFhirClient(settings, http, rateLimit, circuit);
    }

    @Override
    public void init(Config.Scope config) {
        settings = Settings.from(config);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout()).build();
        rateLimit = new RateLimit(settings.requestsPerSecond(), Clock.systemUTC());
        circuit = new CircuitBreaker(settings.circuitFailures(), settings.circuitOpenFor(), Clock.systemUTC());
        if (settings.baseUrl() == null) {
            LOG.warnf("PDS is not configured: traces will say so until --spi-%s--%s--base-url is set", PdsSpi.NAME,
                    PROVIDER_ID);
        }
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
                .helpText("Bearer token for PDS.").add()
                .property().name("timeout-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_TIMEOUT_SECONDS).helpText("How long one call to PDS may take.").add()
                .property().name("requests-per-second").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(DEFAULT_REQUESTS_PER_SECOND))
                .helpText("This node's share of the application's PDS rate limit (5 per second by default).").add()
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
        info.put("access-token", settings.accessToken() == null ? "not set" : "set");
        info.put("requests-per-second", String.valueOf(settings.requestsPerSecond()));
        info.put("circuit", circuit.state().name());
        return info;
    }
}
