package org.nhsloginkeycloak.authenticators.sms;

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
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.connectors.sms.PhoneNumbers;
import org.nhsloginkeycloak.connectors.sms.SmsSendException;
import org.nhsloginkeycloak.connectors.sms.SmsSender;

/**
 * Sends and checks security codes within one sign-in: the allowance per citizen, the send, the hashed code in the
 * authentication session. Shared by the sign-in step and by mobile capture, so both keep the same limits.
 */
final class SmsCodeExchange {

    private static final Logger LOG = Logger.getLogger(SmsCodeExchange.class);

    /** What became of a request to send a code. */
    sealed interface Sent {
        /** The code is on its way; the session holds its hash. */
        record Yes() implements Sent {
        }

        /** The citizen's allowance is spent for now. */
        record Throttled(long minutes) implements Sent {
        }

        /** Notify did not take it. */
        record Failed(SmsSendException reason) implements Sent {
        }
    }

    private final SecureRandom random;
    private final Clock clock;

    SmsCodeExchange(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    Sent send(AuthenticationFlowContext context, String mobile, SmsCodeConfig config) {
        Instant now = clock.instant();
        SendLog sends = new SendLog(context.getSession(), context.getRealm(), context.getUser());
        List<Instant> earlier = sends.read();
        Optional<List<Instant>> admitted = config.sends().admit(earlier, now);
        if (admitted.isEmpty()) {
            return new Sent.Throttled(
                    Math.max(1, Duration.between(now, config.sends().nextAllowed(earlier, now)).toMinutes() + 1));
        }
        String code = SmsCode.newCode(random);
        try {
            context.getSession().getProvider(SmsSender.class).sendSecurityCode(mobile, code);
        } catch (SmsSendException e) {
            if (e.reason() == SmsSendException.Reason.MISCONFIGURED) {
                LOG.errorf("A security code could not be sent: %s (%s)", e.getMessage(), e.reason());
            } else {
                LOG.warnf("A security code could not be sent: %s (%s)", e.getMessage(), e.reason());
            }
            return new Sent.Failed(e);
        }
        sends.write(admitted.get(), config.sends().window());
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        forget(authSession);
        SmsCode.issue(code, now, config.codeLifetime(), random).toNotes().forEach(authSession::setAuthNote);
        LOG.debugf("Security code sent to %s", PhoneNumbers.masked(mobile));
        return new Sent.Yes();
    }

    /** Whether this sign-in holds a code that is still worth asking for. */
    boolean hasCode(AuthenticationSessionModel authSession) {
        return SmsCode.fromNotes(authSession::getAuthNote).isPresent();
    }

    /** Checks a guess against the session's code; empty when there is no code to check. */
    Optional<SmsCode.Verdict> check(AuthenticationSessionModel authSession, String guess, SmsCodeConfig config) {
        Optional<SmsCode> code = SmsCode.fromNotes(authSession::getAuthNote);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        SmsCode.Check check = code.get().check(guess, clock.instant(), config.maxWrongGuesses());
        forget(authSession);
        check.remaining().ifPresent(left -> left.toNotes().forEach(authSession::setAuthNote));
        return Optional.of(check.verdict());
    }

    private static void forget(AuthenticationSessionModel authSession) {
        for (String note : SmsCode.noteNames()) {
            authSession.removeAuthNote(note);
        }
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
