package org.nhsloginkeycloak.authenticators.sms;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.authenticators.flow.UserStep;
import org.nhsloginkeycloak.core.CredentialProfile;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * Registers the citizen's mobile when they have no verified one (at registration, or a first sign-in): asks for a UK
 * mobile, texts a code to it, and only when the code comes back stores {@code phone_number} (E.164) and
 * {@code phone_number_verified=true}. Proving the code proves the device ({@code Cd}) for this sign-in too.
 */
final class MobileCaptureAuthenticator implements UserStep {

    static final String FORM = "nhs-mobile-capture.ftl";
    static final String FIELD_MOBILE = "mobile";
    /** The number being verified, until its code comes back. */
    private static final String PENDING = "nhs-mobile-pending";
    /** Auth note: the id of the user whose new mobile was proved in this sign-in, so the SMS step need not ask again. */
    static final String PROVED_FOR = "nhs-mobile-proved-for";

    private final SmsCodeExchange codes;

    MobileCaptureAuthenticator(SmsCodeExchange codes) {
        this.codes = codes;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (SmsCodeAuthenticator.verifiedMobile(context.getUser()).isPresent()) {
            context.success();
            return;
        }
        context.challenge(context.form().createForm(FORM));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (form.containsKey(FIELD_MOBILE)) {
            Optional<String> mobile = UkMobileNumbers.toE164(form.getFirst(FIELD_MOBILE));
            if (mobile.isEmpty()) {
                context.challenge(context.form().setAttribute("nhsMobileTyped", form.getFirst(FIELD_MOBILE))
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
            context.challenge(context.form().createForm(FORM));
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
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER, pending);
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER_VERIFIED, "true");
        authSession.removeAuthNote(PENDING);
        authSession.setAuthNote(PROVED_FOR, user.getId());
        authSession.setUserSessionNote(SessionNotes.CREDENTIALS, CredentialProfile.PASSWORD_AND_DEVICE.toString());
        context.success();
    }

    /** Sends a code and shows the code page; whether the code is on its way (or, its send timed out, may yet arrive). */
    private boolean sendCode(AuthenticationFlowContext context, String mobile) {
        SmsCodeExchange.Sent sent = codes.send(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), mobile, SmsCodeAuthenticator.config(context));
        context.challenge(SmsCodeAuthenticator.sentPage(context, mobile, sent).createForm(SmsCodeAuthenticator.FORM));
        return sent instanceof SmsCodeExchange.Sent.Yes
                || sent instanceof SmsCodeExchange.Sent.Failed failed && failed.mayArrive();
    }
}
