package org.nhsloginkeycloak.authenticators.codes;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.nhsloginkeycloak.authenticators.flow.UserStep;
import org.nhsloginkeycloak.connectors.sms.PhoneNumbers;
import org.nhsloginkeycloak.core.CredentialProfile;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * The {@code Cd} step: a six-digit code to the citizen's verified mobile, checked against the hash in the
 * authentication session. The story: send a code and ask for it; on a guess, accept, count a wrong one, or say the code
 * has expired or died; on "send a new code", send one if the citizen's allowance permits.
 */
final class SmsCodeAuthenticator implements UserStep {

    static final String FORM = "nhs-sms-code.ftl";
    static final String FIELD_CODE = "code";
    static final String FIELD_RESEND = "resend";

    private final CodeExchange codes;

    SmsCodeAuthenticator(CodeExchange codes) {
        this.codes = codes;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (context.getUser().getId().equals(
                context.getAuthenticationSession().getAuthNote(MobileCaptureAuthenticator.PROVED_FOR))) {
            // Mobile capture earlier in this sign-in already proved this user's device with a code.
            context.success();
            return;
        }
        Optional<String> mobile = verifiedMobile(context.getUser());
        if (mobile.isEmpty()) {
            context.getEvent().user(context.getUser()).detail("reason", "no_verified_mobile").error(Errors.INVALID_USER);
            context.failureChallenge(AuthenticationFlowError.INVALID_USER,
                    context.form().setError("nhs-sms-no-mobile").createErrorPage(Response.Status.BAD_REQUEST));
            return;
        }
        // A refresh of the page must not send another code while the last one is still good.
        if (codes.hasLiveCode(context.getAuthenticationSession(), mobile.get())) {
            context.challenge(form(context, mobile.get()).createForm(FORM));
            return;
        }
        sendCode(context, mobile.get());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        Optional<String> verified = verifiedMobile(context.getUser());
        if (verified.isEmpty()) {
            // The mobile was unverified by an administrator mid-sign-in: start this step again.
            authenticate(context);
            return;
        }
        String mobile = verified.get();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(FIELD_RESEND)) {
            sendCode(context, mobile);
            return;
        }
        Optional<String> problem = checkCode(context, mobile, form.getFirst(FIELD_CODE), codes);
        if (problem.isEmpty()) {
            context.getAuthenticationSession().setUserSessionNote(SessionNotes.CREDENTIALS,
                    CredentialProfile.PASSWORD_AND_DEVICE.toString());
            context.success();
            return;
        }
        context.challenge(form(context, mobile).addError(new FormMessage(FIELD_CODE, problem.get())).createForm(FORM));
    }

    /**
     * Checks the code typed into {@code typed}: empty when it is right, else the message to show. The exchange counts
     * guesses per code and wrong codes per citizen per day, and reports guesses beyond the day's to Keycloak's
     * brute-force protection; a wrong code within the day's does not also lock the account's password.
     */
    static Optional<String> checkCode(AuthenticationFlowContext context, String mobile, String typed,
            CodeExchange codes) {
        String guess = Optional.ofNullable(typed).map(String::strip).orElse("");
        if (!SecurityCode.isWellFormed(guess)) {
            return Optional.of("nhs-sms-code-format");
        }
        SecurityCode.Verdict verdict = codes.check(context.getSession(), context.getAuthenticationSession(), mobile, guess,
                config(context))
                .orElse(SecurityCode.Verdict.EXPIRED);
        if (verdict == SecurityCode.Verdict.ACCEPTED) {
            return Optional.empty();
        }
        context.getEvent().clone().user(context.getUser()).detail("reason", CodeExchange.reason(verdict))
                .error(Errors.INVALID_CODE);
        return Optional.of(CodeExchange.message(verdict));
    }

    /** This step's config, or the realm's shared one when the execution has none. */
    static CodeConfig config(AuthenticationFlowContext context) {
        return context.getAuthenticatorConfig() != null ? CodeConfig.from(context.getAuthenticatorConfig())
                : CodeConfig.ofRealm(context.getRealm());
    }

    private void sendCode(AuthenticationFlowContext context, String mobile) {
        context.challenge(sentPage(context, mobile, codes.send(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), mobile, config(context))).createForm(FORM));
    }

    /** The code page after a send attempt: the number's last digits, and what happened. */
    static LoginFormsProvider sentPage(AuthenticationFlowContext context, String mobile, CodeExchange.Sent sent) {
        LoginFormsProvider page = form(context, mobile);
        if (sent instanceof CodeExchange.Sent.Throttled throttled) {
            context.getEvent().clone().user(context.getUser())
                    .detail("reason", throttled.forToday() ? "sms_daily_send_limit" : "sms_send_limit")
                    .error(Errors.INVALID_CODE);
        } else if (sent instanceof CodeExchange.Sent.Failed failed) {
            context.getEvent().clone().user(context.getUser())
                    .detail("reason", "sms_" + failed.reason().reason().name().toLowerCase()).error(Errors.INVALID_CODE);
        }
        return sent.message().map(message -> page.setError(message.key(), message.parameters()))
                .orElseGet(() -> page.setInfo("nhs-sms-code-sent", PhoneNumbers.lastFour(mobile)));
    }

    static LoginFormsProvider form(AuthenticationFlowContext context, String mobile) {
        return context.form().setAttribute("nhsMobileLastFour", PhoneNumbers.lastFour(mobile));
    }

    static Optional<String> verifiedMobile(UserModel user) {
        String number = user.getFirstAttribute(UserAttributes.PHONE_NUMBER);
        boolean verified = Boolean.parseBoolean(user.getFirstAttribute(UserAttributes.PHONE_NUMBER_VERIFIED));
        return number != null && !number.isBlank() && verified ? Optional.of(number) : Optional.empty();
    }
}
