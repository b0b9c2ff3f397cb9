package org.nhsloginkeycloak.campaigns;

import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * {@value #PROVIDER_ID}: campaign emails through GOV.UK Notify, and the {@link CampaignRunner} on this node. Options
 * ({@code --spi-nhs-campaign-sender--govuk-notify--<option>}):
 * <ul>
 *   <li>{@code api-key}: the Notify API key (secret, never logged). Without it campaigns are kept but nothing is sent.</li>
 *   <li>{@code base-url}: default {@value #DEFAULT_BASE_URL}</li>
 *   <li>{@code per-minute}: the most emails a minute, default {@value #DEFAULT_PER_MINUTE}: well under Notify's 3,000 a
 *       minute per service, leaving the rest for the sign-in codes when both use one service</li>
 *   <li>{@code timeout-seconds}: one call, default {@value #DEFAULT_TIMEOUT_SECONDS}</li>
 *   <li>{@code poll-seconds}: how often each node asks for its turn, default {@value #DEFAULT_POLL_SECONDS}</li>
 *   <li>{@code lease-seconds}: how long a turn may hold the lease, default {@value #DEFAULT_LEASE_SECONDS}; a turn
 *       sends for a third of it, and a dead node's sends are checked with Notify once it has passed</li>
 *   <li>{@code threads}: sends in flight at once, default {@value #DEFAULT_THREADS}</li>
 *   <li>{@code frequency-cap-days}: no citizen gets a campaign email within this many days of another, default
 *       {@value #DEFAULT_FREQUENCY_CAP_DAYS}</li>
 *   <li>{@code snapshot-chunk}: user rows a campaign's snapshot looks at in one transaction, default
 *       {@value #DEFAULT_SNAPSHOT_CHUNK}</li>
 * </ul>
 * The runner takes a started campaign's snapshot too, so without an API key a started campaign waits with its
 * snapshot not yet taken.
 */
public final class NotifyCampaignSenderFactory implements CampaignSenderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "govuk-notify";
    static final String DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk";
    static final int DEFAULT_PER_MINUTE = 1200;
    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    static final int DEFAULT_POLL_SECONDS = 5;
    static final int DEFAULT_LEASE_SECONDS = 60;
    static final int DEFAULT_THREADS = 4;
    static final int DEFAULT_FREQUENCY_CAP_DAYS = 30;
    static final int DEFAULT_SNAPSHOT_CHUNK = 20_000;
    private static final Pattern API_KEY_FORMAT = Pattern.compile(".+-" + "[0-9a-fA-F-]{36}" + "-" + "[0-9a-fA-F-]{36}");

    private static final Logger LOG = Logger.getLogger(NotifyCampaignSenderFactory.class);

    private String apiKey;
    private URI baseUrl;
    private Duration timeout;
    private CampaignRunner.Settings settings;
    private int frequencyCapDays;
    private NotifyEmailClient client;
    private CampaignRunner runner;

    @Override
    public CampaignSender create(KeycloakSession session) {
        return client;
    }

    @Override
    public void init(Config.Scope config) {
        String key = config.get("api-key");
        apiKey = key == null || key.isBlank() ? null : key.trim();
        if (apiKey != null && !API_KEY_FORMAT.matcher(apiKey).matches()) {
            throw new IllegalStateException("The campaign sender's GOV.UK Notify API key is not in Notify's key format");
        }
        baseUrl = URI.create(config.get("base-url", DEFAULT_BASE_URL));
        timeout = Duration.ofSeconds(positive(config.getInt("timeout-seconds"), DEFAULT_TIMEOUT_SECONDS));
        int lease = positive(config.getInt("lease-seconds"), DEFAULT_LEASE_SECONDS);
        // A turn must end inside its lease with a whole send to spare, or two nodes could send at once.
        if (lease / 3 <= timeout.toSeconds()) {
            throw new IllegalStateException("The campaign sender's lease-seconds (" + lease + ") must be more than three"
                    + " times its timeout-seconds (" + timeout.toSeconds() + ")");
        }
        Integer cap = config.getInt("frequency-cap-days");
        // Zero is a choice (no cap), unlike the other options.
        frequencyCapDays = cap == null || cap < 0 ? DEFAULT_FREQUENCY_CAP_DAYS : cap;
        settings = new CampaignRunner.Settings(positive(config.getInt("per-minute"), DEFAULT_PER_MINUTE),
                Duration.ofSeconds(positive(config.getInt("poll-seconds"), DEFAULT_POLL_SECONDS)),
                Duration.ofSeconds(lease), positive(config.getInt("threads"), DEFAULT_THREADS),
                Duration.ofDays(frequencyCapDays), positive(config.getInt("snapshot-chunk"), DEFAULT_SNAPSHOT_CHUNK));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (apiKey == null) {
            LOG.warnf("GOV.UK Notify is not configured for campaigns: they can be created and started, but nothing is"
                    + " sent until --spi-%s--%s--api-key is set", CampaignSenderSpi.NAME, PROVIDER_ID);
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        CampaignRunner[] self = new CampaignRunner[1];
        client = new NotifyEmailClient(baseUrl, apiKey, timeout, http,
                () -> "nhs-login-keycloak campaign/" + self[0].turnName());
        runner = new CampaignRunner(factory, client, settings, Clock.systemUTC(), Metrics.globalRegistry);
        self[0] = runner;
        runner.start();
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.stop();
        }
    }

    @Override
    public int perMinute() {
        return settings.perMinute();
    }

    @Override
    public int frequencyCapDays() {
        return frequencyCapDays;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    private static int positive(Integer value, int defaultValue) {
        return value == null || value <= 0 ? defaultValue : value;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("api-key").type(ProviderConfigProperty.STRING_TYPE).secret(true)
                .helpText("GOV.UK Notify API key for campaign emails ({key name}-{service id}-{secret}); without it"
                        + " nothing is sent.").add()
                .property().name("base-url").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_BASE_URL)
                .helpText("Notify API base URL; change it only to point at a stand-in.").add()
                .property().name("per-minute").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_PER_MINUTE)
                .helpText("Most campaign emails a minute across the cluster; keep it well under the Notify service's"
                        + " 3,000 a minute when sign-in codes share that service.").add()
                .property().name("timeout-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_TIMEOUT_SECONDS).helpText("How long one call to Notify may take.").add()
                .property().name("poll-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_POLL_SECONDS).helpText("How often each node asks for its turn to send.").add()
                .property().name("lease-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_LEASE_SECONDS)
                .helpText("How long one node's turn may hold the sending lease; more than three times the timeout.")
                .add()
                .property().name("threads").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_THREADS)
                .helpText("Campaign sends in flight at once on the sending node.").add()
                .property().name("frequency-cap-days").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_FREQUENCY_CAP_DAYS)
                .helpText("No citizen gets a campaign email within this many days of another campaign's; 0 for no cap.")
                .add()
                .property().name("snapshot-chunk").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_SNAPSHOT_CHUNK)
                .helpText("User rows a started campaign's snapshot looks at in one transaction; each takes well under"
                        + " a third of the lease.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("base-url", baseUrl.toString());
        info.put("api-key", apiKey == null ? "not set" : "set");
        info.put("per-minute", Integer.toString(settings.perMinute()));
        info.put("lease-seconds", Long.toString(settings.lease().toSeconds()));
        info.put("frequency-cap-days", Integer.toString(frequencyCapDays));
        info.put("snapshot-chunk", Integer.toString(settings.snapshotChunk()));
        return info;
    }
}
