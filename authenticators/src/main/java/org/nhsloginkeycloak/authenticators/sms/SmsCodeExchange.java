package org.nhsloginkeycloak.authenticators.sms;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.connectors.sms.PhoneNumbers;
import org.nhsloginkeycloak.connectors.sms.SmsSendException;
import org.nhsloginkeycloak.connectors.sms.SmsSender;

/**
 * Sends and checks security codes within one sign-in: the allowance per citizen, the send, the hashed code in the
 * authentication session. Shared by the sign-in step and by mobile capture, so both keep the same limits.
 */
public final class SmsCodeExchange {

    private static final Logger LOG = Logger.getLogger(SmsCodeExchange.class);
    /** Auth note: the number the session's code was sent to. */
    private static final String SENT_TO = "nhs-sms-code-sent-to";

    /** What became of a request to send a code. */
    public sealed interface Sent {
        /** The code is on its way; the session holds its hash. */
        public record Yes() implements Sent {
        }

        /** The citizen's allowance is spent for now. */
        public record Throttled(long minutes) implements Sent {
        }

        /** Notify did not take it. */
        public record Failed(SmsSendException reason) implements Sent {
        }
    }

    private final SecureRandom random;
    private final Clock clock;

    public SmsCodeExchange(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /**
     * Sends a code to {@code mobile} if both the citizen's and the number's allowances permit. The allowance is spent
     * before the send, so a send that times out (and may yet arrive) still counts. The code is bound to the number:
     * {@link #check} accepts it only for the same number.
     */
    public Sent send(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession,
            String mobile, SmsCodeConfig config) {
        Instant now = clock.instant();
        // Per citizen (resend, new sign-ins) and per number (registrations create a new citizen each time).
        SendLog byUser = new SendLog(session, "user:" + realm.getId() + ":" + user.getId());
        SendLog byNumber = new SendLog(session, "number:" + realm.getId() + ":" + mobile);
        List<Instant> userSends = byUser.read();
        List<Instant> numberSends = byNumber.read();
        Optional<List<Instant>> userAdmitted = config.sends().admit(userSends, now);
        Optional<List<Instant>> numberAdmitted = config.sends().admit(numberSends, now);
        if (userAdmitted.isEmpty() || numberAdmitted.isEmpty()) {
            Instant next = userAdmitted.isEmpty() ? config.sends().nextAllowed(userSends, now)
                    : config.sends().nextAllowed(numberSends, now);
            return new Sent.Throttled(Math.max(1, Duration.between(now, next).toMinutes() + 1));
        }
        byUser.write(userAdmitted.get(), config.sends().window());
        byNumber.write(numberAdmitted.get(), config.sends().window());
        String code = SmsCode.newCode(random);
        try {
            session.getProvider(SmsSender.class).sendSecurityCode(mobile, code);
        } catch (SmsSendException e) {
            if (e.reason() == SmsSendException.Reason.MISCONFIGURED) {
                LOG.errorf("A security code could not be sent: %s (%s)", e.getMessage(), e.reason());
            } else {
                LOG.warnf("A security code could not be sent: %s (%s)", e.getMessage(), e.reason());
            }
            return new Sent.Failed(e);
        }
        forget(authSession);
        SmsCode.issue(code, now, config.codeLifetime(), random).toNotes().forEach(authSession::setAuthNote);
        authSession.setAuthNote(SENT_TO, mobile);
        LOG.debugf("Security code sent to %s", PhoneNumbers.masked(mobile));
        return new Sent.Yes();
    }

    /** Whether this sign-in holds a code for {@code mobile} that has not expired. */
    public boolean hasLiveCode(AuthenticationSessionModel authSession, String mobile) {
        return mobile.equals(authSession.getAuthNote(SENT_TO))
                && SmsCode.fromNotes(authSession::getAuthNote).filter(code -> code.isLive(clock.instant())).isPresent();
    }

    /** Checks a guess against the code sent to {@code mobile}; empty when there is no such code to check. */
    public Optional<SmsCode.Verdict> check(KeycloakSession session, AuthenticationSessionModel authSession, String mobile,
            String guess, SmsCodeConfig config) {
        Optional<SmsCode> code = SmsCode.fromNotes(authSession::getAuthNote);
        if (code.isEmpty() || !mobile.equals(authSession.getAuthNote(SENT_TO))) {
            return Optional.empty();
        }
        if (!GuessSlots.take(session, code.get(), config.maxWrongGuesses(), config.codeLifetime())) {
            forget(authSession);
            return Optional.of(SmsCode.Verdict.EXHAUSTED);
        }
        SmsCode.Check check = code.get().check(guess, clock.instant(), config.maxWrongGuesses());
        if (check.remaining().isPresent()) {
            check.remaining().get().toNotes().forEach(authSession::setAuthNote);
        } else {
            forget(authSession);
        }
        return Optional.of(check.verdict());
    }

    private static void forget(AuthenticationSessionModel authSession) {
        for (String note : SmsCode.noteNames()) {
            authSession.removeAuthNote(note);
        }
        authSession.removeAuthNote(SENT_TO);
    }
}
