package org.nhsloginkeycloak.status;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.timer.TimerProvider;

/**
 * {@value #PROVIDER_ID}: holds what this node measures (traffic, and each realm's last decision). Every
 * {@code evaluate-seconds} a background task assesses every realm: the only place a state is decided and a change
 * alerted, so pages only read (and a page can never fail, or write, for the status). Options ({@code --spi-nhs-service-status--default--<option>}) are the defaults of
 * {@link StatusSettings} (an administrator may set them per realm): {@code capacity-per-minute}, {@code window-seconds},
 * {@code calm-seconds}, {@code error-rate}, {@code slow-milliseconds}, {@code min-calls}, {@code banner-enabled}; and
 * {@code evaluate-seconds} (default {@value #DEFAULT_EVALUATE_SECONDS}).
 *
 * <p>Meters: {@code nhs.service.state} (0 normal, 1 busy, 2 degraded) and {@code nhs.traffic.per.minute} (tag
 * {@code journey}), both tagged {@code realm}.
 */
public final class DefaultServiceStatusFactory implements ServiceStatusFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "default";
    static final int DEFAULT_EVALUATE_SECONDS = 5;
    /**
     * Where the admin events of the service status are filed: resource type {@code CUSTOM} (the admin API filters only
     * by Keycloak's own types), under this resource path.
     */
    static final String EVENT_PATH = "nhs-service-status";

    private static final Logger LOG = Logger.getLogger(DefaultServiceStatusFactory.class);

    private record Named(String realmId, Assessment assessment) {
    }

    private final Clock clock = Clock.systemUTC();
    private final Traffic traffic = new Traffic(clock);
    private final ClusterShare cluster = new ClusterShare();
    private final Map<String, StatusPolicy> policies = new ConcurrentHashMap<>();
    /** By realm id, for pages. */
    private final Map<String, Assessment> latest = new ConcurrentHashMap<>();
    /** By realm name, for the meters (tagged with the name). */
    private final Map<String, Named> last = new ConcurrentHashMap<>();
    private StatusSettings defaults = StatusSettings.DEFAULTS;
    private int evaluateSeconds = DEFAULT_EVALUATE_SECONDS;

    @Override
    public ServiceStatus create(KeycloakSession session) {
        return new DefaultServiceStatus(session, this, clock);
    }

    @Override
    public void init(Config.Scope config) {
        Map<String, String> values = new HashMap<>();
        for (String option : StatusSettings.OPTIONS) {
            String value = config.get(option);
            if (value != null) {
                values.put(option, value);
            }
        }
        defaults = StatusSettings.DEFAULTS.with(values);
        evaluateSeconds = Math.max(1, config.getInt("evaluate-seconds", DEFAULT_EVALUATE_SECONDS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .scheduleTask(this::assessEveryRealm, evaluateSeconds * 1000L, "nhs-service-status"));
    }

    private void assessEveryRealm(KeycloakSession session) {
        Set<String> seen = new HashSet<>();
        session.realms().getRealmsStream().forEach(realm -> {
            seen.add(realm.getId());
            try {
                session.getContext().setRealm(realm);
                new DefaultServiceStatus(session, this, clock).refresh(realm);
            } catch (RuntimeException e) {
                LOG.warnf("Could not assess the service state of realm %s: %s", realm.getName(), e.toString());
            }
        });
        // Deleted realms: forgotten, and their meters read as normal.
        policies.keySet().retainAll(seen);
        latest.keySet().retainAll(seen);
        last.values().removeIf(named -> !seen.contains(named.realmId()));
    }

    Traffic traffic() {
        return traffic;
    }

    ClusterShare cluster() {
        return cluster;
    }

    /** A node's shared measurements outlive a few missed assessments, and then drop out (a stopped or lost node). */
    long sharedLifespanSeconds() {
        return Math.max(10, 3L * evaluateSeconds);
    }

    StatusSettings defaults() {
        return defaults;
    }

    StatusPolicy policy(String realmId) {
        return policies.computeIfAbsent(realmId, id -> new StatusPolicy());
    }

    /** What the background task last decided for the realm, or null before its first run. */
    Assessment latest(String realmId) {
        return latest.get(realmId);
    }

    /** Keeps the realm's latest assessment for pages and the meters, registering them the first time it is seen. */
    void remember(RealmModel realm, Assessment assessment) {
        latest.put(realm.getId(), assessment);
        String name = realm.getName();
        if (last.put(name, new Named(realm.getId(), assessment)) == null) {
            Gauge.builder("nhs.service.state", last, all -> all.containsKey(name)
                            ? all.get(name).assessment().level().ordinal() : 0)
                    .description("0 normal, 1 busy, 2 degraded").tag("realm", name).register(Metrics.globalRegistry);
            for (Journey journey : Journey.values()) {
                Gauge.builder("nhs.traffic.per.minute", last, all -> !all.containsKey(name) ? 0
                                : journey == Journey.SIGN_IN ? all.get(name).assessment().measurements().signInsPerMinute()
                                : all.get(name).assessment().measurements().upliftsPerMinute())
                        .description("Sign-ins and uplift traces per minute, all nodes together")
                        .tag("realm", name).tag("journey", journey.id()).register(Metrics.globalRegistry);
            }
        }
    }

    /**
     * A change of level: a WARN line, and an admin event ({@code CUSTOM}, path {@code nhs-service-status/state}) in the
     * realm's admin events and to its listeners, the alert an operator's tooling picks up.
     */
    void alert(KeycloakSession session, RealmModel realm, Assessment assessment) {
        LOG.warnf("Service state of realm %s is now %s%s: %s", realm.getName(), assessment.level().id(),
                assessment.affected().isEmpty() ? "" : " for " + assessment.affected().stream().map(Journey::id).toList(),
                assessment.reasons().isEmpty() ? "all clear" : String.join("; ", assessment.reasons()));
        AdminEvent event = new AdminEvent();
        event.setId(KeycloakModelUtils.generateId());
        event.setTime(clock.millis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails system = new AuthDetails();
        system.setRealmId(realm.getId());
        system.setRealmName(realm.getName());
        event.setAuthDetails(system);
        event.setOperationType(OperationType.UPDATE);
        event.setResourceType(ResourceType.CUSTOM);
        event.setResourcePath(EVENT_PATH + "/state");
        // Details are kept whatever the realm's admin-event details setting (which also covers user representations).
        Map<String, String> details = new HashMap<>();
        details.put("state", assessment.level().id());
        details.put("affected", String.join(",", assessment.affected().stream().map(Journey::id).sorted().toList()));
        details.put("reasons", String.join("; ", assessment.reasons()));
        event.setDetails(details);
        event.setRepresentation(StatusJson.forAdmins(assessment, null).toString());
        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class).onEvent(event, realm.isAdminEventsDetailsEnabled());
        }
        realm.getEventsListenersStream().map(id -> session.getProvider(EventListenerProvider.class, id))
                .filter(listener -> listener != null).forEach(listener -> listener.onEvent(event, true));
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
                .property().name(StatusSettings.CAPACITY).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Sign-ins and uplift traces per minute the whole deployment handles well").add()
                .property().name(StatusSettings.WINDOW).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Seconds of traffic counted").add()
                .property().name(StatusSettings.CALM).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Seconds traffic must stay low before busy ends").add()
                .property().name(StatusSettings.ERROR_RATE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Share of failed third-party calls (0-1) that degrades a journey").add()
                .property().name(StatusSettings.SLOW).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("95th percentile answer time (ms) of a third party that degrades a journey").add()
                .property().name(StatusSettings.MIN_CALLS).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Calls needed before error rate and answer time are judged").add()
                .property().name(StatusSettings.BANNER).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .helpText("Whether login pages show the banner").add()
                .property().name("evaluate-seconds").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("How often every realm is assessed in the background").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new HashMap<>();
        info.put("defaults", defaults.toString());
        info.put("evaluate-seconds", Integer.toString(evaluateSeconds));
        last.forEach((realm, named) -> info.put("realm " + realm, named.assessment().level().id()));
        return info;
    }
}
