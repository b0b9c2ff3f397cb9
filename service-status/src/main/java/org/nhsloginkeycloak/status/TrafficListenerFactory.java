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
 * Event listener {@value #PROVIDER_ID}, global (every realm, nothing to enable): counts sign-ins ({@code LOGIN} and
 * {@code LOGIN_ERROR}) and P5 uplift traces (the uplift journey's {@code UPDATE_PROFILE} events) as this node's traffic.
 */
public final class TrafficListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "nhs-service-status-traffic";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                Journey journey = journeyOf(event.getType(), event.getError(), event.getDetails());
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

    /** The journey an event is a step of, or null when it is traffic of neither kind. */
    static Journey journeyOf(EventType type, String error, Map<String, String> details) {
        if (type == EventType.LOGIN || type == EventType.LOGIN_ERROR) {
            return Journey.SIGN_IN;
        }
        boolean trace = type == EventType.UPDATE_PROFILE && details != null && details.containsKey("nhs_uplift")
                || type == EventType.UPDATE_PROFILE_ERROR && error != null
                        && (error.startsWith("nhs_trace_") || error.equals("nhs_pds_unavailable")
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
