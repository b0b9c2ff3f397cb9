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
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.authenticators.flow.UserStep;

/**
 * The email proof before a mobile is bound: a six-digit code to the account's address. In registration it comes before
 * anything else is bound to the account (without it, someone could register another person's address with their own
 * mobile and wait for them to follow the verification link); in sign-in and reset it runs only for an account without a
 * verified mobile, since {@code nhs-mobile-capture} binds one only after this proof in the same flow (ADR 0008). An
 * account with a verified mobile binds nothing here, so it passes straight through. On success the email is verified
 * and Keycloak's link-based verification is not needed. The code is the exchange's, with the same limits as a texted
 * one, its destination the address.
 */
final class EmailCodeAuthenticator implements UserStep {

    static final String FORM = SmsCodeAuthenticator.FORM;

    private final CodeExchange codes;

    EmailCodeAuthenticator(CodeExchange codes) {
        this.codes = codes;
    }

    /** Auth note: the id of the user whose email was proved by a code in this flow. */
    private static final String PROVED_FOR = "nhs-email-proved-for";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        // Verified before is not enough: a mobile may be bound next, and that takes the email proved now.
        if (SmsCodeAuthenticator.verifiedMobile(context.getUser()).isPresent()
                || provedInThisFlow(context.getAuthenticationSession(), context.getUser())) {
            context.success();
            return;
        }
        String email = context.getUser().getEmail();
        if (email == null || email.isBlank()) {
            // Nothing to prove, so nothing may be bound: the account needs an administrator.
            context.getEvent().user(context.getUser()).detail("reason", "no_email").error(Errors.INVALID_USER);
            context.failure(AuthenticationFlowError.INVALID_USER,
                    context.form().setError("nhs-mobile-needs-email").createErrorPage(Response.Status.FORBIDDEN));
            return;
        }
        // A refresh of the page shows it again while the last code is still good: resending on each would spend
        // the allowance and lock the registration.
        if (codes.hasLiveCode(context.getAuthenticationSession(), destination(context))) {
            challenge(context, page(context));
            return;
        }
        send(context);
    }

    /** Whether {@code user} proved their email address with a code earlier in this flow. */
    static boolean provedInThisFlow(AuthenticationSessionModel authSession, UserModel user) {
        return user != null && user.getId().equals(authSession.getAuthNote(PROVED_FOR));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(SmsCodeAuthenticator.FIELD_RESEND)) {
            send(context);
            return;
        }
        String guess = Optional.ofNullable(form.getFirst(SmsCodeAuthenticator.FIELD_CODE)).map(String::strip).orElse("");
        if (!SecurityCode.isWellFormed(guess)) {
            challenge(context, page(context).addError(new FormMessage(SmsCodeAuthenticator.FIELD_CODE, "nhs-sms-code-format")));
            return;
        }
        SecurityCode.Verdict verdict = codes.check(context.getSession(), context.getAuthenticationSession(),
                destination(context), guess, SmsCodeAuthenticator.config(context)).orElse(SecurityCode.Verdict.EXPIRED);
        if (verdict == SecurityCode.Verdict.ACCEPTED) {
            UserModel user = context.getUser();
            user.setEmailVerified(true);
            user.removeRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
            context.getAuthenticationSession().setAuthNote(PROVED_FOR, user.getId());
            context.success();
            return;
        }
        context.getEvent().clone().user(context.getUser()).detail("reason", "email_" + verdict.name().toLowerCase())
                .error(Errors.INVALID_CODE);
        challenge(context, page(context).addError(
                new FormMessage(SmsCodeAuthenticator.FIELD_CODE, CodeExchange.message(verdict))));
    }

    private void send(AuthenticationFlowContext context) {
        CodeExchange.Sent sent = codes.send(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), destination(context), SmsCodeAuthenticator.config(context));
        LoginFormsProvider page = page(context);
        sent.message().ifPresent(message -> page.setError(message.key(), message.parameters()));
        challenge(context, page);
    }

    private static CodeExchange.Destination destination(AuthenticationFlowContext context) {
        return CodeExchange.Destination.email(context.getUser().getEmail());
    }

    private static LoginFormsProvider page(AuthenticationFlowContext context) {
        return context.form().setAttribute("nhsCodeTitleKey", "nhs-email-code-title")
                .setAttribute("nhsCodeHintKey", "nhs-email-code-hint")
                .setAttribute("nhsCodeHintParam", context.getUser().getEmail())
                .setAttribute("nhsMobileLastFour", "");
    }

    private static void challenge(AuthenticationFlowContext context, LoginFormsProvider page) {
        context.challenge(page.createForm(FORM));
    }
}
