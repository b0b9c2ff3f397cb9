package org.nhsloginkeycloak.authenticators.sms;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.connectors.sms.PhoneNumbers;
import org.nhsloginkeycloak.connectors.sms.SmsSendException;
import org.nhsloginkeycloak.connectors.sms.SmsSender;
import org.nhsloginkeycloak.core.CredentialProfile;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * The {@code Cd} step: a six-digit code to the citizen's verified mobile, checked against the hash in the
 * authentication session. The story: send a code and ask for it; on a guess, accept, count a wrong one, or say the code
 * has expired or died; on "send a new code", send one if the citizen's allowance permits.
 */
final class SmsCodeAuthenticator implements Authenticator {

    static final String FORM = "nhs-sms-code.ftl";
    static final String FIELD_CODE = "code";
    static final String FIELD_RESEND = "resend";

    private static final Logger LOG = Logger.getLogger(SmsCodeAuthenticator.class);

    private final SecureRandom random;
    private final Clock clock;

    SmsCodeAuthenticator(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Optional<String> mobile = verifiedMobile(context.getUser());
        if (mobile.isEmpty()) {
            context.getEvent().user(context.getUser()).detail("reason", "no_verified_mobile").error(Errors.INVALID_USER);
            context.failureChallenge(org.keycloak.authentication.AuthenticationFlowError.INVALID_USER,
                    context.form().setError("nhs-sms-no-mobile").createErrorPage(Response.Status.BAD_REQUEST));
            return;
        }
        // A refresh of the page must not send another code while the last one is still good.
        if (storedCode(context.getAuthenticationSession()).isPresent()) {
            context.challenge(form(context, mobile.get()).createForm(FORM));
            return;
        }
        sendCode(context, mobile.get());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        String mobile = verifiedMobile(context.getUser()).orElseThrow();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(FIELD_RESEND)) {
            sendCode(context, mobile);
            return;
        }
        String guess = Optional.ofNullable(form.getFirst(FIELD_CODE)).map(String::strip).orElse("");
        if (!SmsCode.isWellFormed(guess)) {
            context.challenge(form(context, mobile).addError(new FormMessage(FIELD_CODE, "nhs-sms-code-format"))
                    .createForm(FORM));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<SmsCode> code = storedCode(authSession);
        if (code.isEmpty()) {
            context.challenge(form(context, mobile).addError(new FormMessage(FIELD_CODE, "nhs-sms-code-expired"))
                    .createForm(FORM));
            return;
        }
        SmsCodeConfig config = SmsCodeConfig.from(context.getAuthenticatorConfig());
        SmsCode.Check check = code.get().check(guess, clock.instant(), config.maxWrongGuesses());
        forget(authSession);
        check.remaining().ifPresent(left -> left.toNotes().forEach(authSession::setAuthNote));
        switch (check.verdict()) {
            case ACCEPTED -> {
                authSession.setUserSessionNote(SessionNotes.CREDENTIALS, CredentialProfile.PASSWORD_AND_DEVICE.toString());
                context.success();
            }
            case WRONG -> refuse(context, mobile, "nhs-sms-code-wrong", "wrong_code");
            case EXHAUSTED -> refuse(context, mobile, "nhs-sms-code-exhausted", "too_many_wrong_codes");
            case EXPIRED -> refuse(context, mobile, "nhs-sms-code-expired", "expired_code");
        }
    }

    /**
     * Wrong codes are counted here, per code, and sends per citizen; Keycloak's brute-force lockout is not fed as
     * well, so five wrong codes do not also lock the account's password.
     */
    private void refuse(AuthenticationFlowContext context, String mobile, String message, String reason) {
        context.getEvent().clone().user(context.getUser()).detail("reason", reason).error(Errors.INVALID_CODE);
        context.challenge(form(context, mobile).addError(new FormMessage(FIELD_CODE, message)).createForm(FORM));
    }

    private void sendCode(AuthenticationFlowContext context, String mobile) {
        SmsCodeConfig config = SmsCodeConfig.from(context.getAuthenticatorConfig());
        Instant now = clock.instant();
        SendLog sends = new SendLog(context.getSession(), context.getRealm(), context.getUser());
        List<Instant> earlier = sends.read();
        Optional<List<Instant>> admitted = config.sends().admit(earlier, now);
        if (admitted.isEmpty()) {
            long minutes = Math.max(1, Duration.between(now, config.sends().nextAllowed(earlier, now)).toMinutes() + 1);
            context.getEvent().clone().user(context.getUser()).detail("reason", "sms_send_limit").error(Errors.INVALID_CODE);
            context.challenge(form(context, mobile).setError("nhs-sms-code-too-many-sends", minutes).createForm(FORM));
            return;
        }
        String code = SmsCode.newCode(random);
        try {
            context.getSession().getProvider(SmsSender.class).sendSecurityCode(mobile, code);
        } catch (SmsSendException e) {
            notSent(context, mobile, e);
            return;
        }
        sends.write(admitted.get(), config.sends().window());
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        forget(authSession);
        SmsCode.issue(code, now, config.codeLifetime(), random).toNotes().forEach(authSession::setAuthNote);
        LOG.debugf("Security code sent to %s", PhoneNumbers.masked(mobile));
        context.challenge(form(context, mobile).setInfo("nhs-sms-code-sent", PhoneNumbers.lastFour(mobile))
                .createForm(FORM));
    }

    private void notSent(AuthenticationFlowContext context, String mobile, SmsSendException e) {
        if (e.reason() == SmsSendException.Reason.MISCONFIGURED) {
            LOG.errorf("A security code could not be sent: %s (%s)", e.getMessage(), e.reason());
        } else {
            LOG.warnf("A security code could not be sent: %s (%s)", e.getMessage(), e.reason());
        }
        context.getEvent().clone().user(context.getUser()).detail("reason", "sms_" + e.reason().name().toLowerCase())
                .error(Errors.INVALID_CODE);
        String message = e.reason() == SmsSendException.Reason.INVALID_NUMBER
                ? "nhs-sms-invalid-number" : "nhs-sms-unavailable";
        context.challenge(form(context, mobile).setError(message).createForm(FORM));
    }

    private static org.keycloak.forms.login.LoginFormsProvider form(AuthenticationFlowContext context, String mobile) {
        return context.form().setAttribute("nhsMobileLastFour", PhoneNumbers.lastFour(mobile));
    }

    private static Optional<SmsCode> storedCode(AuthenticationSessionModel authSession) {
        return SmsCode.fromNotes(authSession::getAuthNote);
    }

    private static void forget(AuthenticationSessionModel authSession) {
        for (String note : SmsCode.noteNames()) {
            authSession.removeAuthNote(note);
        }
    }

    static Optional<String> verifiedMobile(UserModel user) {
        String number = user.getFirstAttribute(UserAttributes.PHONE_NUMBER);
        boolean verified = Boolean.parseBoolean(user.getFirstAttribute(UserAttributes.PHONE_NUMBER_VERIFIED));
        return number != null && !number.isBlank() && verified ? Optional.of(number) : Optional.empty();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }

    /** When codes were sent to a citizen, kept cluster-wide for the throttle's window. */
    private record SendLog(KeycloakSession session, RealmModel realm, UserModel user) {

        private String key() {
            return "nhs-sms-sends:" + realm.getId() + ":" + user.getId();
        }

        List<Instant> read() {
            Map<String, String> stored = session.getProvider(SingleUseObjectProvider.class).get(key());
            List<Instant> sent = new ArrayList<>();
            if (stored != null) {
                stored.values().forEach(value -> sent.add(Instant.ofEpochMilli(Long.parseLong(value))));
            }
            return sent;
        }

        void write(List<Instant> sent, Duration window) {
            Map<String, String> notes = new HashMap<>();
            for (int i = 0; i < sent.size(); i++) {
                notes.put("sent-" + i, Long.toString(sent.get(i).toEpochMilli()));
            }
            session.getProvider(SingleUseObjectProvider.class).put(key(), window.toSeconds(), notes);
        }
    }
}
