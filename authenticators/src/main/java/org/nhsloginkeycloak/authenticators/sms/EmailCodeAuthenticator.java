package org.nhsloginkeycloak.authenticators.sms;

import jakarta.ws.rs.core.MultivaluedMap;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
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
 * and Keycloak's link-based verification is not needed.
 */
final class EmailCodeAuthenticator implements UserStep {

    static final String FORM = SmsCodeAuthenticator.FORM;
    /** The mail's subject key and body template, in the realm's email theme (the bundle's nhs theme has both). */
    static final String EMAIL_SUBJECT = "nhs-email-code-subject";
    static final String EMAIL_TEMPLATE = "nhs-email-code.ftl";

    private static final Logger LOG = Logger.getLogger(EmailCodeAuthenticator.class);

    private final SecureRandom random;
    private final Clock clock;

    EmailCodeAuthenticator(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
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
        if (!SmsCode.isWellFormed(guess)) {
            challenge(context, page(context).addError(new FormMessage(SmsCodeAuthenticator.FIELD_CODE, "nhs-sms-code-format")));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SmsCodeConfig config = SmsCodeConfig.from(context.getAuthenticatorConfig());
        Optional<SmsCode> code = SmsCode.fromNotes(SmsCode.EMAIL, authSession::getAuthNote);
        SmsCode.Verdict verdict = SmsCode.Verdict.EXPIRED;
        if (code.isPresent() && !GuessSlots.take(context.getSession(), code.get(), config.maxWrongGuesses(),
                config.codeLifetime())) {
            forget(authSession);
            verdict = SmsCode.Verdict.EXHAUSTED;
        } else if (code.isPresent()) {
            SmsCode.Check check = code.get().check(guess, clock.instant(), config.maxWrongGuesses());
            verdict = check.verdict();
            if (check.remaining().isPresent()) {
                check.remaining().get().toNotes(SmsCode.EMAIL).forEach(authSession::setAuthNote);
            } else {
                forget(authSession);
            }
        }
        if (verdict == SmsCode.Verdict.ACCEPTED) {
            UserModel user = context.getUser();
            user.setEmailVerified(true);
            user.removeRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
            authSession.setAuthNote(PROVED_FOR, user.getId());
            context.success();
            return;
        }
        context.getEvent().clone().user(context.getUser()).detail("reason", "email_" + verdict.name().toLowerCase())
                .error(Errors.INVALID_CODE);
        String message = switch (verdict) {
            case WRONG -> "nhs-sms-code-wrong";
            case EXHAUSTED -> "nhs-sms-code-exhausted";
            default -> "nhs-sms-code-expired";
        };
        challenge(context, page(context).addError(new FormMessage(SmsCodeAuthenticator.FIELD_CODE, message)));
    }

    private void send(AuthenticationFlowContext context) {
        SmsCodeConfig config = SmsCodeConfig.from(context.getAuthenticatorConfig());
        Instant now = clock.instant();
        String address = context.getUser().getEmail();
        SendLog log = new SendLog(context.getSession(),
                "email:" + context.getRealm().getId() + ":" + address.toLowerCase());
        Optional<List<Instant>> admitted = config.sends().admit(log.read(), now);
        if (admitted.isEmpty()) {
            challenge(context, page(context).setError("nhs-sms-code-too-many-sends", config.sends().window().toMinutes()));
            return;
        }
        log.write(admitted.get(), config.sends().window());
        String code = SmsCode.newCode(random);
        LoginFormsProvider page = page(context);
        try {
            // Through the realm's email theme (templates nhs-email-code.ftl), in the citizen's language.
            context.getSession().getProvider(EmailTemplateProvider.class).setRealm(context.getRealm())
                    .setUser(context.getUser()).setAuthenticationSession(context.getAuthenticationSession())
                    // Mutable: Keycloak adds its own attributes (locale, realm, user) to the map.
                    .send(EMAIL_SUBJECT, List.of(), EMAIL_TEMPLATE,
                            new HashMap<>(Map.of("code", code, "minutes", config.codeLifetime().toMinutes())));
        } catch (EmailException e) {
            LOG.warnf(e, "A registration code could not be emailed: %s", e.getMessage());
            challenge(context, page.setError("nhs-email-unavailable"));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        forget(authSession);
        SmsCode.issue(code, now, config.codeLifetime(), random).toNotes(SmsCode.EMAIL).forEach(authSession::setAuthNote);
        challenge(context, page);
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

    private static void forget(AuthenticationSessionModel authSession) {
        for (String note : SmsCode.noteNames(SmsCode.EMAIL)) {
            authSession.removeAuthNote(note);
        }
    }
}
