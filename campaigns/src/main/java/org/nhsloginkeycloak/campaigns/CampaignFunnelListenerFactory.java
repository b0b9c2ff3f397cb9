package org.nhsloginkeycloak.campaigns;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;

/**
 * Event listener {@value #PROVIDER_ID}, global (every realm, nothing to enable): moves a campaign recipient who
 * followed their email's link down the funnel, each step once. Only events of the citizen the email went to count, so
 * a link forwarded to someone else counts that person for nothing.
 * <ul>
 *   <li>signed in: a sign-in through the landing client ({@code LOGIN}), or any uplift step there (the password and
 *       code came first; Keycloak sends {@code LOGIN} only once the uplift is over)</li>
 *   <li>uplift started: a trace submitted ({@code UPDATE_PROFILE} or its error from the uplift journey)</li>
 *   <li>reached P5: the uplift's success ({@code UPDATE_PROFILE} with {@code nhs_uplift=P5}), through any client</li>
 * </ul>
 * It also keeps each P0 citizen's latest sign-in day ({@code LOGIN} through any client), for audiences of those who
 * signed in since a day: one indexed read per sign-in, and a write at most once a day per citizen.
 */
public final class CampaignFunnelListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "nhs-campaign-funnel";

    private static final Logger LOG = Logger.getLogger(CampaignFunnelListenerFactory.class);

    enum Step {
        SIGNED_IN("SIGNED_IN_AT"), UPLIFT_STARTED("UPLIFT_STARTED_AT"), REACHED_P5("REACHED_P5_AT");

        final String column;

        Step(String column) {
            this.column = column;
        }
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                Step step = stepOf(event.getType(), event.getClientId(), event.getError(), event.getDetails());
                if (step != null && event.getUserId() != null && event.getRealmId() != null) {
                    reach(session, event.getRealmId(), event.getUserId(), step, event.getTime());
                }
                if (event.getType() == EventType.LOGIN && event.getUserId() != null && event.getRealmId() != null) {
                    signedIn(session, event.getRealmId(), event.getUserId(), event.getTime());
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

    /** The furthest step an event shows, or null when it is none. */
    static Step stepOf(EventType type, String clientId, String error, Map<String, String> details) {
        boolean landing = CampaignLinkResourceFactory.CLIENT_ID.equals(clientId);
        if (type == EventType.UPDATE_PROFILE && details != null && "P5".equals(details.get("nhs_uplift"))) {
            return Step.REACHED_P5;
        }
        if (!landing) {
            return null;
        }
        if (type == EventType.UPDATE_PROFILE_ERROR && error != null && error.startsWith("nhs_")) {
            return error.equals("nhs_uplift_later") ? Step.SIGNED_IN : Step.UPLIFT_STARTED;
        }
        if (type == EventType.UPDATE_PROFILE && details != null && details.containsKey("nhs_amnv")) {
            return Step.UPLIFT_STARTED;
        }
        return type == EventType.LOGIN ? Step.SIGNED_IN : null;
    }

    /** Marks {@code step} and every step before it on the user's recipient rows that followed their link. */
    static void reach(KeycloakSession session, String realmId, String userId, Step step, long at) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        for (Step each : Step.values()) {
            if (each.ordinal() > step.ordinal()) {
                break;
            }
            em.createNativeQuery("update NHS_CAMPAIGN_RECIPIENT set " + each.column + " = :at where USER_ID = :user"
                            + " and CLICKED_AT is not null and " + each.column + " is null and CAMPAIGN_ID in"
                            + " (select ID from NHS_CAMPAIGN where REALM_ID = :realm)")
                    .setParameter("at", at).setParameter("user", userId).setParameter("realm", realmId)
                    .executeUpdate();
        }
    }

    /**
     * Records a P0 citizen's sign-in, once a day (UTC). A citizen without a row yet gets one in a transaction of its
     * own after the sign-in's has committed, so two nodes making the same row at once cannot fail a sign-in.
     */
    static void signedIn(KeycloakSession session, String realmId, String userId, long at) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null || NhsUser.levelOf(user) != ProofingLevel.P0 || user.getServiceAccountClientLink() != null) {
            return;
        }
        CampaignContacts contacts = new CampaignContacts(session);
        CampaignContacts.SignIns known = contacts.signIns(userId);
        long today = Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli();
        if (known.last() != null && known.last() >= today) {
            return;
        }
        if (known.row()) {
            contacts.signedIn(userId, at);
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, own -> new CampaignContacts(own)
                            .firstSignIn(realmId, userId, at));
                } catch (RuntimeException e) {
                    // Another node made the row in between: its sign-in, a moment apart, stands for this one.
                    LOG.debugf("A citizen's first sign-in day was recorded elsewhere first: %s", e.getMessage());
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
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
}
