package org.nhsloginkeycloak.authenticators.codes;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.authenticators.flow.UserStep;
import org.nhsloginkeycloak.core.CredentialProfile;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * Binds a mobile to an account that has no verified one: asks for a UK mobile, texts a code to it, and only when the
 * code comes back stores {@code phone_number} (E.164) and {@code phone_number_verified=true}. Proving the code proves
 * the device ({@code Cd}) for this sign-in too.
 *
 * <p>A mobile is the account's second factor, so binding one takes the account's other proof first: the email address,
 * proved in this very flow by {@code nhs-email-code} (registration, a sign-in or a reset of an account without a
 * verified mobile). Without that proof this step refuses, whatever the flow: a password or a reset link alone never
 * binds a phone. An account above P0 that binds a mobile this way is recovering it (lost phone, or an administrator
 * cleared the verified flag): email and password are all it has shown, and a reset makes the password the email's too,
 * so it keeps no more than email alone proves, P0 (ADR 0008). Its NHS number stays, so no other account can take it,
 * and the AMNV match on record stays a record of the old number.
 */
final class MobileCaptureAuthenticator implements UserStep {

    static final String FORM = "nhs-mobile-capture.ftl";
    static final String FIELD_MOBILE = "mobile";
    /** The number being verified, until its code comes back. */
    private static final String PENDING = "nhs-mobile-pending";
    /** Auth note: the id of the user whose new mobile was proved in this sign-in, so the SMS step need not ask again. */
    static final String PROVED_FOR = "nhs-mobile-proved-for";

    private static final Logger LOG = Logger.getLogger(MobileCaptureAuthenticator.class);

    private final CodeExchange codes;

    MobileCaptureAuthenticator(CodeExchange codes) {
        this.codes = codes;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (SmsCodeAuthenticator.verifiedMobile(context.getUser()).isPresent()) {
            context.success();
            return;
        }
        if (!emailProved(context)) {
            return;
        }
        context.challenge(capturePage(context).createForm(FORM));
    }

    /** The page asking for a mobile; a citizen above P0 is told first what adding one this way costs them. */
    private static LoginFormsProvider capturePage(AuthenticationFlowContext context) {
        LoginFormsProvider page = context.form();
        return NhsUser.levelOf(context.getUser()).compareTo(ProofingLevel.P0) > 0
                ? page.setInfo("nhs-mobile-recovery") : page;
    }

    /**
     * Whether this flow proved the account's email before this step; if not, the flow is refused here. Only a flow
     * built without {@code nhs-email-code} before this step gets here, so it is the administrator's mistake, and failing
     * closed is the only safe answer to it.
     */
    private static boolean emailProved(AuthenticationFlowContext context) {
        if (EmailCodeAuthenticator.provedInThisFlow(context.getAuthenticationSession(), context.getUser())) {
            return true;
        }
        LOG.errorf("Flow %s asks %s to bind a mobile without nhs-email-code before it; refused (ADR 0008)",
                context.getTopLevelFlow() == null ? "?" : context.getTopLevelFlow().getAlias(),
                MobileCaptureAuthenticatorFactory.PROVIDER_ID);
        context.getEvent().user(context.getUser()).detail("reason", "mobile_without_email_proof").error(Errors.NOT_ALLOWED);
        context.failure(AuthenticationFlowError.ACCESS_DENIED,
                context.form().setError("nhs-mobile-needs-email").createErrorPage(Response.Status.FORBIDDEN));
        return false;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (!emailProved(context)) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (form.containsKey(FIELD_MOBILE)) {
            Optional<String> mobile = UkMobileNumbers.toE164(form.getFirst(FIELD_MOBILE));
            if (mobile.isEmpty()) {
                context.challenge(capturePage(context).setAttribute("nhsMobileTyped", form.getFirst(FIELD_MOBILE))
                        .addError(new FormMessage(FIELD_MOBILE, "nhs-mobile-not-uk")).createForm(FORM));
                return;
            }
            // Pending only once a code is on its way: a refused send must not leave an earlier code valid for this number.
            authSession.removeAuthNote(PENDING);
            if (sendCode(context, mobile.get())) {
                authSession.setAuthNote(PENDING, mobile.get());
            }
            return;
        }
        String pending = authSession.getAuthNote(PENDING);
        if (pending == null) {
            context.challenge(capturePage(context).createForm(FORM));
            return;
        }
        if (form.containsKey(SmsCodeAuthenticator.FIELD_RESEND)) {
            sendCode(context, pending);
            return;
        }
        Optional<String> problem = SmsCodeAuthenticator.checkCode(context, pending,
                form.getFirst(SmsCodeAuthenticator.FIELD_CODE), codes);
        if (problem.isPresent()) {
            context.challenge(SmsCodeAuthenticator.form(context, pending)
                    .addError(new FormMessage(SmsCodeAuthenticator.FIELD_CODE, problem.get()))
                    .createForm(SmsCodeAuthenticator.FORM));
            return;
        }
        UserModel user = context.getUser();
        ProofingLevel before = NhsUser.levelOf(user);
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER, pending);
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER_VERIFIED, "true");
        if (before.compareTo(ProofingLevel.P0) > 0) {
            user.setSingleAttribute(UserAttributes.IDENTITY_PROOFING_LEVEL, ProofingLevel.P0.name());
            LOG.infof("Mobile recovered on an account at %s with email and password only: now at P0 (ADR 0008)", before);
            context.getEvent().clone().event(EventType.UPDATE_PROFILE).user(user)
                    .detail("nhs_mobile", "recovered").detail("nhs_previous_level", before.name())
                    .detail("nhs_level", ProofingLevel.P0.name()).success();
        } else {
            context.getEvent().clone().event(EventType.UPDATE_PROFILE).user(user).detail("nhs_mobile", "bound").success();
        }
        OtherSessions.end(context.getSession(), context.getRealm(), user, authSession);
        authSession.removeAuthNote(PENDING);
        authSession.setAuthNote(PROVED_FOR, user.getId());
        authSession.setUserSessionNote(SessionNotes.CREDENTIALS, CredentialProfile.PASSWORD_AND_DEVICE.toString());
        context.success();
    }

    /** Sends a code and shows the code page; whether the code is on its way (or, its send timed out, may yet arrive). */
    private boolean sendCode(AuthenticationFlowContext context, String mobile) {
        CodeExchange.Sent sent = codes.send(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), mobile, SmsCodeAuthenticator.config(context));
        context.challenge(SmsCodeAuthenticator.sentPage(context, mobile, sent).createForm(SmsCodeAuthenticator.FORM));
        return sent instanceof CodeExchange.Sent.Yes
                || sent instanceof CodeExchange.Sent.Failed failed && failed.mayArrive();
    }
}
