package org.nhsloginkeycloak.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;
import org.nhsloginkeycloak.connectors.pds.PdsClient;
import org.nhsloginkeycloak.connectors.sms.SmsSender;

/**
 * {@link ServiceStatus} from the cluster's measurements (each node's, shared through {@link ClusterShare}) and the
 * realm's attributes.
 */
final class DefaultServiceStatus implements ServiceStatus {

    /** Realm attributes: the operator's message, and each setting as {@code nhs.status.<option>}. */
    static final String MESSAGE_ATTRIBUTE = "nhs.status.message";
    static final String SETTING_PREFIX = "nhs.status.";

    private final KeycloakSession session;
    private final DefaultServiceStatusFactory node;
    private final Clock clock;

    DefaultServiceStatus(KeycloakSession session, DefaultServiceStatusFactory node, Clock clock) {
        this.session = session;
        this.node = node;
        this.clock = clock;
    }

    /**
     * The state the background task last decided, with the operator's message read now (so a change shows on the very
     * next page). Reading it changes nothing and alerts no one: a page render must not fail, or write, for the status.
     */
    @Override
    public Assessment assess(RealmModel realm) {
        Instant now = clock.instant();
        OperatorMessage message = OperatorMessage.stored(realm.getAttribute(MESSAGE_ATTRIBUTE));
        OperatorMessage active = message != null && message.activeAt(now) ? message : null;
        Assessment latest = node.latest(realm.getId());
        if (latest == null) {
            // Before the first background assessment: decided afresh from this node alone, remembering nothing.
            latest = decide(realm, new StatusPolicy(), now, false).assessment();
        }
        return new Assessment(latest.level(), latest.affected(), latest.reasons(), latest.since(), active,
                latest.measurements());
    }

    /**
     * Measures, shares with the other nodes, and decides for the realm from what they measured together; keeps the
     * result for pages, and alerts on a change unless another node already has. The background task's.
     */
    void refresh(RealmModel realm) {
        Decided decided = decide(realm, node.policy(realm.getId()), clock.instant(), true);
        node.remember(realm, decided.assessment());
        if (decided.changed() && node.cluster().announce(store(), realm.getId(), decided.assessment().level())) {
            node.alert(session, realm, decided.assessment());
        }
    }

    private SingleUseObjectProvider store() {
        return session.getProvider(SingleUseObjectProvider.class);
    }

    private record Decided(Assessment assessment, boolean changed) {
    }

    private Decided decide(RealmModel realm, StatusPolicy policy, Instant now, boolean shared) {
        StatusSettings settings = settings(realm);
        Measurements mine = new Measurements(
                node.traffic().perMinute(realm.getId(), Journey.SIGN_IN, settings.window()),
                node.traffic().perMinute(realm.getId(), Journey.UPLIFT, settings.window()),
                dependencies(settings));
        Measurements measured = shared
                ? node.cluster().share(store(), realm.getId(), mine, node.sharedLifespanSeconds()) : mine;
        StatusPolicy.Decision decision = policy.decide(measured, settings, now);
        OperatorMessage message = OperatorMessage.stored(realm.getAttribute(MESSAGE_ATTRIBUTE));
        return new Decided(new Assessment(decision.level(), decision.affected(), decision.reasons(), decision.since(),
                message != null && message.activeAt(now) ? message : null, measured), decision.changed());
    }

    private List<DependencyHealth.Snapshot> dependencies(StatusSettings settings) {
        List<DependencyHealth.Snapshot> dependencies = new ArrayList<>();
        PdsClient pds = session.getProvider(PdsClient.class);
        if (pds != null) {
            dependencies.add(pds.health(settings.window()));
        }
        SmsSender sms = session.getProvider(SmsSender.class);
        if (sms != null) {
            sms.health(settings.window()).ifPresent(dependencies::add);
        }
        return dependencies;
    }

    @Override
    public void count(String realmId, Journey journey) {
        node.traffic().count(realmId, journey);
    }

    @Override
    public StatusSettings settings(RealmModel realm) {
        Map<String, String> values = new HashMap<>();
        realm.getAttributes().forEach((name, value) -> {
            if (name.startsWith(SETTING_PREFIX) && !name.equals(MESSAGE_ATTRIBUTE)) {
                values.put(name.substring(SETTING_PREFIX.length()), value);
            }
        });
        return node.defaults().with(values);
    }

    @Override
    public void updateSettings(RealmModel realm, Map<String, String> values) {
        values.forEach((name, value) -> realm.setAttribute(SETTING_PREFIX + name, value));
    }

    @Override
    public void resetSettings(RealmModel realm) {
        StatusSettings.OPTIONS.forEach(option -> realm.removeAttribute(SETTING_PREFIX + option));
    }

    @Override
    public void setMessage(RealmModel realm, OperatorMessage message) {
        realm.setAttribute(MESSAGE_ATTRIBUTE, message.toJson());
    }

    @Override
    public void clearMessage(RealmModel realm) {
        realm.removeAttribute(MESSAGE_ATTRIBUTE);
    }
}
