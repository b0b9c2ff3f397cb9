package org.nhsloginkeycloak.authenticators.codes;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.connectors.sms.PhoneNumbers;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * Changes a citizen's verified mobile, keeping their level: a required action ({@code kc_action=nhs-change-mobile}, or
 * set by an administrator) that runs only after a sign-in, so after the password and a code to the mobile being
 * replaced, within Keycloak's maximum sign-in age for the action (ADR 0008). The new number is bound only when a code
 * sent to it comes back. The AMNV match on record stays about the number it matched, so the partner is told
 * {@code phone_number_pds_matched=false} for the new one until a trace matches it.
 */
final class ChangeMobileRequiredAction implements RequiredActionProvider {

    static final String FORM = MobileCaptureAuthenticator.FORM;
    private static final String PENDING = "nhs-change-mobile-pending";

    private final CodeExchange codes;

    ChangeMobileRequiredAction(CodeExchange codes) {
        this.codes = codes;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (SmsCodeAuthenticator.verifiedMobile(context.getUser()).isEmpty()) {
            // Nothing to change: an account without a verified mobile adds one at sign-in, after proving its email.
            context.getEvent().detail("reason", "no_verified_mobile").error(Errors.INVALID_USER);
            context.failure("no_verified_mobile");
            return;
        }
        context.getAuthenticationSession().removeAuthNote(PENDING);
        context.challenge(page(context).createForm(FORM));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        Optional<String> current = SmsCodeAuthenticator.verifiedMobile(context.getUser());
        if (current.isEmpty()) {
            requiredActionChallenge(context);
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (form.containsKey(MobileCaptureAuthenticator.FIELD_MOBILE)) {
            Optional<String> mobile = UkMobileNumbers.toE164(form.getFirst(MobileCaptureAuthenticator.FIELD_MOBILE));
            String problem = mobile.isEmpty() ? "nhs-mobile-not-uk"
                    : mobile.get().equals(current.get()) ? "nhs-mobile-change-same" : null;
            if (problem != null) {
                context.challenge(page(context).setAttribute("nhsMobileTyped", form.getFirst(MobileCaptureAuthenticator.FIELD_MOBILE))
                        .addError(new FormMessage(MobileCaptureAuthenticator.FIELD_MOBILE, problem)).createForm(FORM));
                return;
            }
            authSession.removeAuthNote(PENDING);
            if (send(context, mobile.get())) {
                authSession.setAuthNote(PENDING, mobile.get());
            }
            return;
        }
        String pending = authSession.getAuthNote(PENDING);
        if (pending == null) {
            context.challenge(page(context).createForm(FORM));
            return;
        }
        if (form.containsKey(SmsCodeAuthenticator.FIELD_RESEND)) {
            send(context, pending);
            return;
        }
        String guess = Optional.ofNullable(form.getFirst(SmsCodeAuthenticator.FIELD_CODE)).map(String::strip).orElse("");
        SecurityCode.Verdict verdict = SecurityCode.isWellFormed(guess) ? check(context, pending, guess) : null;
        if (verdict != SecurityCode.Verdict.ACCEPTED) {
            String message = verdict == null ? "nhs-sms-code-format" : CodeExchange.message(verdict);
            context.challenge(codePage(context, pending)
                    .addError(new FormMessage(SmsCodeAuthenticator.FIELD_CODE, message)).createForm(SmsCodeAuthenticator.FORM));
            return;
        }
        UserModel user = context.getUser();
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER, pending);
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER_VERIFIED, "true");
        authSession.removeAuthNote(PENDING);
        OtherSessions.end(context.getSession(), context.getRealm(), user, authSession);
        context.getEvent().clone().event(EventType.UPDATE_PROFILE).user(user).detail("nhs_mobile", "changed").success();
        context.success();
    }

    /** The verdict on a well-formed guess at the code sent to {@code mobile}; a wrong one is recorded. */
    private SecurityCode.Verdict check(RequiredActionContext context, String mobile, String guess) {
        SecurityCode.Verdict verdict = codes.check(context.getSession(), context.getAuthenticationSession(), mobile, guess,
                CodeConfig.ofRealm(context.getRealm())).orElse(SecurityCode.Verdict.EXPIRED);
        if (verdict != SecurityCode.Verdict.ACCEPTED) {
            context.getEvent().clone().event(EventType.UPDATE_PROFILE_ERROR).user(context.getUser())
                    .detail("reason", CodeExchange.reason(verdict)).error(Errors.INVALID_CODE);
        }
        return verdict;
    }

    /** Sends a code to the new number and shows the code page; whether the code is on its way or may yet arrive. */
    private boolean send(RequiredActionContext context, String mobile) {
        CodeExchange.Sent sent = codes.send(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), mobile, CodeConfig.ofRealm(context.getRealm()));
        LoginFormsProvider page = codePage(context, mobile);
        sent.message().ifPresentOrElse(message -> page.setError(message.key(), message.parameters()),
                () -> page.setInfo("nhs-sms-code-sent", PhoneNumbers.lastFour(mobile)));
        context.challenge(page.createForm(SmsCodeAuthenticator.FORM));
        // A send that timed out may still arrive, and its code is kept: the number stays pending for it.
        return sent instanceof CodeExchange.Sent.Yes
                || sent instanceof CodeExchange.Sent.Failed failed && failed.mayArrive();
    }

    private static LoginFormsProvider page(RequiredActionContext context) {
        String current = SmsCodeAuthenticator.verifiedMobile(context.getUser()).map(PhoneNumbers::lastFour).orElse("");
        return context.form().setAttribute("nhsMobileTitleKey", "nhs-mobile-change-title")
                .setAttribute("nhsMobileHintKey", "nhs-mobile-change-hint").setAttribute("nhsMobileHintParam", current);
    }

    private static LoginFormsProvider codePage(RequiredActionContext context, String mobile) {
        return context.form().setAttribute("nhsMobileLastFour", PhoneNumbers.lastFour(mobile));
    }

    @Override
    public void close() {
    }
}
