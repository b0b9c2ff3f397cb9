package org.nhsloginkeycloak.connectors.sms;

import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.nhsloginkeycloak.connectors.health.CircuitBreaker;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

/**
 * {@value #PROVIDER_ID}: text messages through GOV.UK Notify. Server options:
 * <ul>
 *   <li>{@code --spi-nhs-sms-sender--govuk-notify--api-key}: the Notify API key (secret; never logged)</li>
 *   <li>{@code --spi-nhs-sms-sender--govuk-notify--template-id}: the SMS template, with a {@code ((code))} placeholder</li>
 *   <li>{@code --spi-nhs-sms-sender--govuk-notify--base-url}: default {@value #DEFAULT_BASE_URL}</li>
 *   <li>{@code --spi-nhs-sms-sender--govuk-notify--timeout-seconds}: the whole call, default
 *       {@value #DEFAULT_TIMEOUT_SECONDS}</li>
 *   <li>{@code --spi-nhs-sms-sender--govuk-notify--connect-timeout-seconds}: default
 *       {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS}, never more than the whole call's</li>
 * </ul>
 */
public final class NotifySmsSenderFactory implements SmsSenderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "govuk-notify";
    static final String DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk";
    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 3;
    /** Calls waiting for Notify at once on this node; each waits at most the timeout. */
    private static final int MAX_CALLS_IN_FLIGHT = 32;
    /** {@code {key name}-{service id}-{secret}}, both ids UUIDs. */
    private static final Pattern API_KEY_FORMAT = Pattern.compile(".+-" + "[0-9a-fA-F-]{36}" + "-" + "[0-9a-fA-F-]{36}");

    private static final Logger LOG = Logger.getLogger(NotifySmsSenderFactory.class);

    /** What the options say, read once at start-up. */
    record Settings(String apiKey, String templateId, String baseUrl, Duration timeout, Duration connectTimeout) {

        static Settings from(Config.Scope config) {
            Duration timeout = Duration.ofSeconds(positive(config.getInt("timeout-seconds", DEFAULT_TIMEOUT_SECONDS),
                    DEFAULT_TIMEOUT_SECONDS));
            Duration connect = Duration.ofSeconds(positive(config.getInt("connect-timeout-seconds",
                    DEFAULT_CONNECT_TIMEOUT_SECONDS), DEFAULT_CONNECT_TIMEOUT_SECONDS));
            return new Settings(blankToNull(config.get("api-key")), blankToNull(config.get("template-id")),
                    config.get("base-url", DEFAULT_BASE_URL), timeout,
                    connect.compareTo(timeout) > 0 ? timeout : connect);
        }

        /** Zero or less would mean "wait for ever" to java.net.http, or fail at once: the default instead. */
        private static int positive(Integer value, int defaultValue) {
            return value == null || value <= 0 ? defaultValue : value;
        }

        boolean complete() {
            return apiKey != null && templateId != null;
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    private Settings settings;
    private HttpClient http;
    private final Semaphore inFlight = new Semaphore(MAX_CALLS_IN_FLIGHT);
    private DependencyHealth health;

    @Override
    public SmsSender create(KeycloakSession session) {
        return new NotifySmsSender(settings, http, inFlight, health);
    }

    @Override
    public void init(Config.Scope config) {
        settings = Settings.from(config);
        // Five failures in a row stop sends for 30 s: citizens are told at once rather than after a timeout each.
        health = new DependencyHealth("sms", new CircuitBreaker(5, Duration.ofSeconds(30), Clock.systemUTC()),
                Duration.ofMinutes(1), Double.NaN, Clock.systemUTC(), Metrics.globalRegistry);
        if (settings.complete()) {
            // Checked here because the client takes any string and fails on every send; the key is never quoted.
            if (!API_KEY_FORMAT.matcher(settings.apiKey()).matches()) {
                throw new IllegalStateException("The GOV.UK Notify API key is not in Notify's key format");
            }
            http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        } else {
            LOG.warnf("GOV.UK Notify is not configured: text messages will fail until --spi-%s--%s--api-key and"
                    + " --template-id are set", SmsSenderSpi.NAME, PROVIDER_ID);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        // java.net.http's client has no close before Java 21; its threads are daemons and end when idle.
        http = null;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Preferred over the development sender when none is chosen: a forgotten option fails loudly, not silently. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("api-key").type(ProviderConfigProperty.STRING_TYPE).secret(true)
                .helpText("GOV.UK Notify API key ({key name}-{service id}-{secret}).").add()
                .property().name("template-id").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Id of the Notify SMS template; it must have a ((code)) placeholder.").add()
                .property().name("base-url").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_BASE_URL)
                .helpText("Notify API base URL; change it only to point at a stand-in.").add()
                .property().name("timeout-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_TIMEOUT_SECONDS)
                .helpText("How long one call to Notify may take, connection and answer included, before the citizen is told to try later.").add()
                .property().name("connect-timeout-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_CONNECT_TIMEOUT_SECONDS)
                .helpText("How long to wait for a connection to Notify.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("base-url", settings.baseUrl());
        info.put("template-id", String.valueOf(settings.templateId()));
        info.put("api-key", settings.apiKey() == null ? "not set" : "set");
        info.put("timeout-seconds", Long.toString(settings.timeout().toSeconds()));
        info.put("connect-timeout-seconds", Long.toString(settings.connectTimeout().toSeconds()));
        return info;
    }
}
