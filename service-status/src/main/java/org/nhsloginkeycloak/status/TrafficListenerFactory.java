package org.nhsloginkeycloak.status;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Event listener {@value #PROVIDER_ID}, global (every realm, nothing to enable): counts sign-ins ({@code LOGIN}, and
 * {@code LOGIN_ERROR} of a known user) and P5 uplift traces (the uplift journey's {@code UPDATE_PROFILE} events) as
 * this node's traffic.
 */
public final class TrafficListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "nhs-service-status-traffic";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                Journey journey = journeyOf(event.getType(), event.getError(), event.getDetails(), event.getUserId());
                if (journey != null && event.getRealmId() != null) {
                    session.getProvider(ServiceStatus.class).count(event.getRealmId(), journey);
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

    /**
     * The journey an event is a step of, or null when it is traffic of neither kind. A failed sign-in counts only for
     * a known user (a wrong password or code): requests anyone can make without an account (an unknown client or user)
     * must not be able to turn the banner on. Traces count only when PDS was or would have been asked.
     */
    static Journey journeyOf(EventType type, String error, Map<String, String> details, String userId) {
        if (type == EventType.LOGIN || type == EventType.LOGIN_ERROR && userId != null) {
            return Journey.SIGN_IN;
        }
        boolean trace = type == EventType.UPDATE_PROFILE && details != null && details.containsKey("nhs_uplift")
                || type == EventType.UPDATE_PROFILE_ERROR && error != null
                        && (error.equals("nhs_trace_no_match") || error.equals("nhs_trace_too_many_matches")
                                || error.equals("nhs_trace_not_linkable") || error.equals("nhs_pds_unavailable")
                                || error.equals("nhs_nhs_number_already_linked"));
        return trace ? Journey.UPLIFT : null;
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
