package org.nhsloginkeycloak.authenticators.sync;

import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;

/**
 * Event listener {@value #PROVIDER_ID}, global (every realm, nothing to enable): when a P5 or P9 citizen signs in
 * ({@code LOGIN}), their Keycloak copy is refreshed from PDS ({@link PdsSync}) at most once every
 * {@code every-hours} (default {@value #DEFAULT_EVERY_HOURS}) per citizen across the cluster, after the sign-in has
 * committed and on a thread of its own, so a slow or failing PDS never delays a sign-in. The read takes its place in
 * the PDS allowance like any other; when PDS cannot answer, the citizen's next sign-in tries again. At most
 * {@value #QUEUE} wait for a turn; beyond that a sign-in is not synchronised (logged), rather than queueing without end.
 * Option: {@code --spi-events-listener--nhs-pds-sync--every-hours}.
 */
public final class PdsSyncListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "nhs-pds-sync";
    static final int DEFAULT_EVERY_HOURS = 24;
    private static final int QUEUE = 1_000;

    private static final Logger LOG = Logger.getLogger(PdsSyncListenerFactory.class);

    private Duration every;
    private KeycloakSessionFactory factory;
    private ThreadPoolExecutor pool;
    private final PdsSync sync = new PdsSync(Metrics.globalRegistry);

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if (event.getType() == EventType.LOGIN && event.getUserId() != null && event.getRealmId() != null) {
                    signedIn(session, event.getRealmId(), event.getUserId());
                }
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
            }

            @Override
            public void close() {
            }
        };
    }

    private void signedIn(KeycloakSession session, String realmId, String userId) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null || !NhsUser.levelOf(user).isAtLeast(ProofingLevel.P5)) {
            return;
        }
        String key = key(realmId, userId);
        // Cluster-wide and without a database write: a restart at worst synchronises someone once more.
        if (!session.getProvider(SingleUseObjectProvider.class).putIfAbsent(key, every.toSeconds())) {
            return;
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    pool.execute(() -> run(realmId, userId, key));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    release(key);
                    LOG.warnf("PDS synchronisation skipped for a sign-in: %d already waiting", QUEUE);
                }
            }

            @Override
            protected void rollbackImpl() {
                release(key);
            }
        });
    }

    private void run(String realmId, String userId, String key) {
        try {
            PdsSync.Outcome[] outcome = new PdsSync.Outcome[1];
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm == null) {
                    return;
                }
                // Keycloak's user cache asks the session for its realm (organizations), as a request would have it.
                session.getContext().setRealm(realm);
                UserModel user = session.users().getUserById(realm, userId);
                if (user != null) {
                    outcome[0] = sync.sync(session, realm, user);
                }
            });
            if (outcome[0] == PdsSync.Outcome.UNAVAILABLE) {
                release(key);
            }
        } catch (RuntimeException e) {
            release(key);
            LOG.warnf(e, "PDS synchronisation of user %s failed; their next sign-in tries again", userId);
        }
    }

    private void release(String key) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session
                    .getProvider(SingleUseObjectProvider.class).remove(key));
        } catch (RuntimeException e) {
            LOG.debugf("Could not release %s: %s", key, e.getMessage());
        }
    }

    private static String key(String realmId, String userId) {
        return "nhs-pds-sync:" + realmId + ":" + userId;
    }

    @Override
    public void init(Config.Scope config) {
        int hours = config.getInt("every-hours", DEFAULT_EVERY_HOURS);
        every = Duration.ofHours(hours <= 0 ? DEFAULT_EVERY_HOURS : hours);
        AtomicLong count = new AtomicLong();
        pool = new ThreadPoolExecutor(1, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), task -> {
            Thread thread = new Thread(task, "nhs-pds-sync-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("every-hours").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_EVERY_HOURS)
                .helpText("At most one PDS refresh of a P5 or P9 citizen's details in this many hours, at sign-in.")
                .add().build();
    }
}
