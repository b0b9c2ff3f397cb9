package org.nhsloginkeycloak.authenticators.flow;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What a journey of pages needs from whichever Keycloak door let the citizen in: a step of an authentication flow or a
 * required action (which a partner can start with {@code kc_action}). Keycloak gives the two different context types
 * with the same abilities; this lets one journey serve both.
 */
public interface Door {

    KeycloakSession session();

    RealmModel realm();

    UserModel user();

    AuthenticationSessionModel authSession();

    /** A page with the form's action already pointing back through this door. */
    LoginFormsProvider form();

    /** The event Keycloak records for this request; clone it for an event of one's own. */
    EventBuilder event();

    MultivaluedMap<String, String> formParameters();

    /** Show a page and wait for the citizen. */
    void challenge(Response page);

    /** The journey is over; the citizen goes on (to the next step, or back to the partner). */
    void done();

    /**
     * The citizen chose to stop here and come back another time: back to the partner, which is told the user cancelled
     * ({@code access_denied} in sign-in, {@code kc_action_status=cancelled} for a required action).
     */
    void leave(String why);

    static Door of(AuthenticationFlowContext context) {
        return new Door() {
            @Override
            public KeycloakSession session() {
                return context.getSession();
            }

            @Override
            public RealmModel realm() {
                return context.getRealm();
            }

            @Override
            public UserModel user() {
                return context.getUser();
            }

            @Override
            public AuthenticationSessionModel authSession() {
                return context.getAuthenticationSession();
            }

            @Override
            public LoginFormsProvider form() {
                return context.form();
            }

            @Override
            public EventBuilder event() {
                return context.getEvent();
            }

            @Override
            public MultivaluedMap<String, String> formParameters() {
                return context.getHttpRequest().getDecodedFormParameters();
            }

            @Override
            public void challenge(Response page) {
                context.challenge(page);
            }

            @Override
            public void done() {
                context.success();
            }

            @Override
            public void leave(String why) {
                LoginProtocol protocol = context.getSession().getProvider(LoginProtocol.class,
                        context.getAuthenticationSession().getProtocol());
                protocol.setRealm(context.getRealm())
                        .setHttpHeaders(context.getSession().getContext().getRequestHeaders())
                        .setUriInfo(context.getUriInfo())
                        .setEventBuilder(context.getEvent());
                // Not a failure: nothing was guessed, so nothing feeds brute-force lockout.
                context.forceChallenge(protocol.sendError(context.getAuthenticationSession(),
                        LoginProtocol.Error.CANCELLED_BY_USER, why));
            }
        };
    }

    static Door of(RequiredActionContext context) {
        return new Door() {
            @Override
            public KeycloakSession session() {
                return context.getSession();
            }

            @Override
            public RealmModel realm() {
                return context.getRealm();
            }

            @Override
            public UserModel user() {
                return context.getUser();
            }

            @Override
            public AuthenticationSessionModel authSession() {
                return context.getAuthenticationSession();
            }

            @Override
            public LoginFormsProvider form() {
                return context.form();
            }

            @Override
            public EventBuilder event() {
                return context.getEvent();
            }

            @Override
            public MultivaluedMap<String, String> formParameters() {
                return context.getHttpRequest().getDecodedFormParameters();
            }

            @Override
            public void challenge(Response page) {
                context.challenge(page);
            }

            @Override
            public void done() {
                context.success();
            }

            @Override
            public void leave(String why) {
                context.cancel();
            }
        };
    }

    /** A door that passes everything to another; override what a door of one's own does differently. */
    class Forwarding implements Door {

        private final Door door;

        public Forwarding(Door door) {
            this.door = door;
        }

        @Override
        public KeycloakSession session() {
            return door.session();
        }

        @Override
        public RealmModel realm() {
            return door.realm();
        }

        @Override
        public UserModel user() {
            return door.user();
        }

        @Override
        public AuthenticationSessionModel authSession() {
            return door.authSession();
        }

        @Override
        public LoginFormsProvider form() {
            return door.form();
        }

        @Override
        public EventBuilder event() {
            return door.event();
        }

        @Override
        public MultivaluedMap<String, String> formParameters() {
            return door.formParameters();
        }

        @Override
        public void challenge(Response page) {
            door.challenge(page);
        }

        @Override
        public void done() {
            door.done();
        }

        @Override
        public void leave(String why) {
            door.leave(why);
        }
    }
}
