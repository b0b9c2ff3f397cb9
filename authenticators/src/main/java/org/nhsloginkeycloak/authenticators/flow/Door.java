package org.nhsloginkeycloak.authenticators.flow;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What a journey of pages needs from whichever Keycloak door let the citizen in: a step of an authentication flow or a
 * required action (which a partner can start with {@code kc_action}). Keycloak gives the two different context types
 * with the same abilities; this lets one journey serve both. One per request.
 */
public abstract class Door {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final AuthenticationSessionModel authSession;
    private final EventBuilder event;
    private final HttpRequest request;
    private final Supplier<LoginFormsProvider> form;

    private Door(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession,
            EventBuilder event, HttpRequest request, Supplier<LoginFormsProvider> form) {
        this.session = session;
        this.realm = realm;
        this.user = user;
        this.authSession = authSession;
        this.event = event;
        this.request = request;
        this.form = form;
    }

    public KeycloakSession session() {
        return session;
    }

    public RealmModel realm() {
        return realm;
    }

    public UserModel user() {
        return user;
    }

    public AuthenticationSessionModel authSession() {
        return authSession;
    }

    /** A page with the form's action already pointing back through this door. */
    public LoginFormsProvider form() {
        return form.get();
    }

    /** The event Keycloak records for this request; clone it for an event of one's own. */
    public EventBuilder event() {
        return event;
    }

    public MultivaluedMap<String, String> formParameters() {
        return request.getDecodedFormParameters();
    }

    /** Show a page and wait for the citizen. */
    public abstract void challenge(Response page);

    /** The journey is over; the citizen goes on (to the next step, or back to the partner). */
    public abstract void done();

    /**
     * The citizen chose to stop here and come back another time: back to the partner, which is told the user cancelled
     * ({@code access_denied} in sign-in, {@code kc_action_status=cancelled} for a required action).
     */
    public abstract void leave(String why);

    public static Door of(AuthenticationFlowContext context) {
        return new Door(context.getSession(), context.getRealm(), context.getUser(), context.getAuthenticationSession(),
                context.getEvent(), context.getHttpRequest(), context::form) {
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

    /** @param beforeDone what the required action records once the journey is over, before Keycloak goes on */
    public static Door of(RequiredActionContext context, Runnable beforeDone) {
        return new Door(context.getSession(), context.getRealm(), context.getUser(), context.getAuthenticationSession(),
                context.getEvent(), context.getHttpRequest(), context::form) {
            @Override
            public void challenge(Response page) {
                context.challenge(page);
            }

            @Override
            public void done() {
                beforeDone.run();
                context.success();
            }

            /**
             * A partner's own {@code kc_action} is cancelled (the partner gets {@code kc_action_status=cancelled});
             * one an administrator set, or a partner enforced, cannot be: cancelling would only show it again, so the
             * partner gets {@code access_denied} and the action waits for the next sign-in.
             */
            @Override
            public void leave(String why) {
                AuthenticationSessionModel authSession = context.getAuthenticationSession();
                boolean partnersOwn = context.getAction().equals(authSession.getClientNote(Constants.KC_ACTION))
                        && !Boolean.parseBoolean(authSession.getClientNote(Constants.KC_ACTION_ENFORCED));
                if (partnersOwn) {
                    context.cancel();
                } else {
                    context.failure(why);
                }
            }
        };
    }
}
