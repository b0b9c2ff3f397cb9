package org.nhsloginkeycloak.authenticators.codes;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.connectors.sms.PhoneNumbers;
import org.nhsloginkeycloak.connectors.sms.SmsSendException;
import org.nhsloginkeycloak.connectors.sms.SmsSender;

/**
 * The one code exchange: every six-digit code NHS login sends (the sign-in code, the code to a new mobile, the
 * registration code by email, the code to a GP mobile) is made, stored, bound to its destination, limited, sent and
 * checked here, with the messages the citizen sees. The steps only decide when to send and what a right code proves.
 *
 * <p>Every limit is a set of numbered slots taken atomically ({@link CodeSlots}, {@link GuessSlots}) before the thing
 * it limits happens, so parallel requests and other nodes cannot each pass. The code's hash is stored before the
 * send, so a text that arrives after its send timed out still works.
 */
public final class CodeExchange {

    private static final Logger LOG = Logger.getLogger(CodeExchange.class);
    /** The registration mail's subject key and body template, in the realm's email theme (the bundle's nhs theme). */
    static final String EMAIL_SUBJECT = "nhs-email-code-subject";
    static final String EMAIL_TEMPLATE = "nhs-email-code.ftl";

    /** How a code travels; each keeps its code in notes of its own, so an emailed and a texted code never mix. */
    public enum Channel {
        SMS(SecurityCode.SMS, "nhs-sms-unavailable"),
        EMAIL(SecurityCode.EMAIL, "nhs-email-unavailable");

        private final String notes;
        private final String unavailable;

        Channel(String notes, String unavailable) {
            this.notes = notes;
            this.unavailable = unavailable;
        }

        private String sentTo() {
            return notes + "-sent-to";
        }
    }

    /**
     * Where a code goes: a mobile (E.164) or an email address. A code is accepted only for the destination it went to.
     *
     * @param newAddress an email address the account does not hold yet (a change of email): the mail goes there, not
     *     to the account's address, and says what it is for
     */
    public record Destination(Channel channel, String address, boolean newAddress) {

        public static Destination mobile(String e164) {
            return new Destination(Channel.SMS, e164, false);
        }

        /** The account's own address (registration proves it before a mobile is bound). */
        public static Destination email(String address) {
            return new Destination(Channel.EMAIL, address.toLowerCase(Locale.ROOT), false);
        }

        /** An address the citizen is changing to ("Your details"): the code proves they read its mail. */
        public static Destination newEmail(String address) {
            return new Destination(Channel.EMAIL, address.toLowerCase(Locale.ROOT), true);
        }

        /**
         * What the destination's allowance is counted by. For email, the inbox rather than the spelling: a
         * {@code +tag} reaches the same inbox anywhere, and Gmail ignores dots (and answers to googlemail.com), so
         * neither may open a fresh allowance for one person's inbox. The code itself stays bound to the address as
         * given.
         */
        String key() {
            return channel.name().toLowerCase(Locale.ROOT) + ":" + (channel == Channel.EMAIL ? inbox(address) : address);
        }

        private static String inbox(String address) {
            int at = address.lastIndexOf('@');
            if (at <= 0) {
                return address;
            }
            String local = address.substring(0, at);
            String domain = address.substring(at + 1);
            int tag = local.indexOf('+');
            if (tag > 0) {
                local = local.substring(0, tag);
            }
            if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
                local = local.replace(".", "");
                domain = "gmail.com";
            }
            return local + "@" + domain;
        }
    }

    /** A message for the page: a bundle key and its parameters. */
    public record Message(String key, Object... parameters) {
    }

    /** What became of a request to send a code. */
    public sealed interface Sent {

        /** The error to show the citizen; empty when the code is on its way. */
        Optional<Message> message();

        /** The code is on its way; the session holds its hash. */
        public record Yes() implements Sent {
            @Override
            public Optional<Message> message() {
                return Optional.empty();
            }
        }

        /** An allowance is spent: the short window's (try again in {@code minutes}) or the day's. */
        public record Throttled(long minutes, boolean forToday) implements Sent {
            @Override
            public Optional<Message> message() {
                return Optional.of(forToday ? new Message("nhs-code-too-many-sends-today")
                        : new Message("nhs-sms-code-too-many-sends", minutes));
            }
        }

        /**
         * The sender did not take it. When it may still arrive (a timeout: {@link #mayArrive()}) its code stays
         * valid, since its hash was stored before the send.
         */
        public record Failed(SmsSendException reason, Channel channel) implements Sent {
            public boolean mayArrive() {
                return reason.reason() == SmsSendException.Reason.UNAVAILABLE;
            }

            @Override
            public Optional<Message> message() {
                return Optional.of(new Message(reason.reason() == SmsSendException.Reason.INVALID_NUMBER
                        ? "nhs-sms-invalid-number" : channel.unavailable));
            }
        }
    }

    private final SecureRandom random;
    private final Clock clock;

    public CodeExchange(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** {@link #send(KeycloakSession, RealmModel, UserModel, AuthenticationSessionModel, Destination, CodeConfig)} by text. */
    public Sent send(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession,
            String mobile, CodeConfig config) {
        return send(session, realm, user, authSession, Destination.mobile(mobile), config);
    }

    /**
     * Sends a new code to {@code to} if the citizen's and the destination's allowances, short and daily, permit. The
     * allowances are spent before the send, so a send that times out (and may yet arrive) still counts; the code's
     * hash replaces any earlier code of that channel before the send, bound to {@code to}.
     */
    public Sent send(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession,
            Destination to, CodeConfig config) {
        Instant now = clock.instant();
        String citizen = "send:" + realm.getId() + ":user:" + user.getId() + ":" + to.channel().name();
        // A number the account already holds has an allowance of its own: codes sent to bind a number (new mobile, GP
        // mobile, registration) come from any account, and must never spend its owner's sign-in codes.
        boolean owned = to.channel() == Channel.SMS
                && to.address().equals(SmsCodeAuthenticator.verifiedMobile(user).orElse(null));
        String destination = "send:" + realm.getId() + (owned ? ":own:" : ":to:") + to.key();
        Duration window = config.sends().window();
        // Per citizen (resends, new sign-ins) and per destination (registrations create a new citizen each time).
        List<CodeSlots> allowances = List.of(
                new CodeSlots(session, citizen, config.sends().limit(), window),
                new CodeSlots(session, destination, config.sends().limit(), window),
                new CodeSlots(session, citizen + ":day", config.sendsPerDay(), CodeConfig.DAY),
                new CodeSlots(session, destination + ":day", config.sendsPerDay(), CodeConfig.DAY));
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < allowances.size(); i++) {
            Optional<String> slot = allowances.get(i).take(now);
            if (slot.isEmpty()) {
                // Refused here: what the earlier allowances gave for this send must not count.
                for (int j = 0; j < taken.size(); j++) {
                    allowances.get(j).giveBack(taken.get(j));
                }
                boolean forToday = i >= 2;
                Instant next = allowances.get(i).nextFree(now);
                return new Sent.Throttled(Math.max(1, Duration.between(now, next).toMinutes() + 1), forToday);
            }
            taken.add(slot.get());
        }
        String code = SecurityCode.newCode(random);
        forget(authSession, to.channel());
        SecurityCode.issue(code, now, config.codeLifetime(), random).toNotes(to.channel().notes)
                .forEach(authSession::setAuthNote);
        authSession.setAuthNote(to.channel().sentTo(), to.address());
        try {
            deliver(session, realm, user, authSession, to, code, config);
        } catch (SmsSendException e) {
            if (e.reason() == SmsSendException.Reason.MISCONFIGURED) {
                LOG.errorf("A security code could not be sent: %s (%s)", e.getMessage(), e.reason());
            } else {
                LOG.warnf("A security code could not be sent: %s (%s)", e.getMessage(), e.reason());
            }
            Sent.Failed failed = new Sent.Failed(e, to.channel());
            if (!failed.mayArrive()) {
                forget(authSession, to.channel());
            }
            return failed;
        }
        LOG.debugf("Security code sent by %s", to.channel());
        return new Sent.Yes();
    }

    private static void deliver(KeycloakSession session, RealmModel realm, UserModel user,
            AuthenticationSessionModel authSession, Destination to, String code, CodeConfig config)
            throws SmsSendException {
        if (to.channel() == Channel.SMS) {
            session.getProvider(SmsSender.class).sendSecurityCode(to.address(), code);
            LOG.debugf("Security code texted to %s", PhoneNumbers.masked(to.address()));
            return;
        }
        try {
            // Through the realm's email theme, in the citizen's language. Keycloak mails the user's address: for a new
            // address, a view of the user that answers with it, so nothing is written to the account before the code
            // comes back.
            UserModel addressee = !to.newAddress() ? user : new org.keycloak.models.utils.UserModelDelegate(user) {
                @Override
                public String getEmail() {
                    return to.address();
                }
            };
            // Mutable: Keycloak adds its own attributes (locale, realm, user) to the map.
            Map<String, Object> attributes = new HashMap<>(Map.of("code", code,
                    "minutes", config.codeLifetime().toMinutes()));
            if (to.newAddress()) {
                attributes.put("introKey", "nhs-email-code-intro-change");
                attributes.put("notYouKey", "nhs-email-code-not-you-change");
            }
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(addressee)
                    .setAuthenticationSession(authSession).send(EMAIL_SUBJECT, List.of(), EMAIL_TEMPLATE, attributes);
        } catch (EmailException e) {
            // Neither the exception nor its message: an SMTP error can quote the address.
            throw new SmsSendException(SmsSendException.Reason.UNAVAILABLE,
                    "The mail server did not take the registration code (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Whether this sign-in holds a code for {@code mobile} that has not expired. */
    public boolean hasLiveCode(AuthenticationSessionModel authSession, String mobile) {
        return hasLiveCode(authSession, Destination.mobile(mobile));
    }

    /** Whether this sign-in holds a code for {@code to} that has not expired: a refresh must not send another. */
    public boolean hasLiveCode(AuthenticationSessionModel authSession, Destination to) {
        return to.address().equals(authSession.getAuthNote(to.channel().sentTo()))
                && SecurityCode.fromNotes(to.channel().notes, authSession::getAuthNote)
                        .filter(code -> code.isLive(clock.instant())).isPresent();
    }

    /** {@link #check(KeycloakSession, AuthenticationSessionModel, Destination, String, CodeConfig)} of a texted code. */
    public Optional<SecurityCode.Verdict> check(KeycloakSession session, AuthenticationSessionModel authSession, String mobile,
            String guess, CodeConfig config) {
        return check(session, authSession, Destination.mobile(mobile), guess, config);
    }

    /**
     * Checks a guess against the code sent to {@code to}; empty when there is no such code to check. Each guess takes
     * one of the code's guess slots and one of the citizen's wrong-code slots for the day (given back when it was
     * right); once the day's are gone every guess is refused unchecked and reported to Keycloak's brute-force
     * protection, as a failed one-time password.
     */
    public Optional<SecurityCode.Verdict> check(KeycloakSession session, AuthenticationSessionModel authSession,
            Destination to, String guess, CodeConfig config) {
        Optional<SecurityCode> code = SecurityCode.fromNotes(to.channel().notes, authSession::getAuthNote);
        if (code.isEmpty() || !to.address().equals(authSession.getAuthNote(to.channel().sentTo()))) {
            return Optional.empty();
        }
        if (!GuessSlots.take(session, code.get(), config.maxWrongGuesses(), config.codeLifetime())) {
            forget(authSession, to.channel());
            return Optional.of(SecurityCode.Verdict.EXHAUSTED);
        }
        RealmModel realm = authSession.getRealm();
        UserModel user = authSession.getAuthenticatedUser();
        Instant now = clock.instant();
        CodeSlots today = new CodeSlots(session, "wrong:" + realm.getId() + ":user:"
                + (user == null ? "session:" + authSession.getParentSession().getId() : user.getId()),
                config.wrongCodesPerDay(), CodeConfig.DAY);
        Optional<String> slot = today.take(now);
        if (slot.isEmpty()) {
            // The code is kept, so each further guess (until its own run out) is reported as well.
            reportToBruteForce(session, realm, user);
            return Optional.of(SecurityCode.Verdict.LOCKED);
        }
        SecurityCode.Check check = code.get().check(guess, now, config.maxWrongGuesses());
        if (check.verdict() == SecurityCode.Verdict.ACCEPTED || check.verdict() == SecurityCode.Verdict.EXPIRED) {
            today.giveBack(slot.get());
        }
        if (check.remaining().isPresent()) {
            check.remaining().get().toNotes(to.channel().notes).forEach(authSession::setAuthNote);
        } else {
            forget(authSession, to.channel());
        }
        return Optional.of(check.verdict());
    }

    /** The message for a guess that was not accepted (no code at all reads as expired). */
    public static String message(SecurityCode.Verdict verdict) {
        return switch (verdict) {
            case WRONG -> "nhs-sms-code-wrong";
            case EXHAUSTED -> "nhs-sms-code-exhausted";
            case LOCKED -> "nhs-code-too-many-wrong-today";
            default -> "nhs-sms-code-expired";
        };
    }

    /** The event's reason for a guess that was not accepted. */
    public static String reason(SecurityCode.Verdict verdict) {
        return switch (verdict) {
            case WRONG -> "wrong_code";
            case EXHAUSTED -> "too_many_wrong_codes";
            case LOCKED -> "too_many_wrong_codes_today";
            default -> "expired_code";
        };
    }

    /**
     * Keycloak's brute-force protection counts it as a failed one-time password (category {@code otp}, which it
     * accepts; our own step's category it would ignore), so its lockout follows once the day's wrong codes are spent.
     */
    private static void reportToBruteForce(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null || !realm.isBruteForceProtected()) {
            return;
        }
        session.getProvider(BruteForceProtector.class).failedLogin(realm, user, session.getContext().getConnection(),
                session.getContext().getUri(), Set.of(OTPCredentialModel.TYPE));
        LOG.debugf("A guess beyond the day's wrong codes was reported to brute-force protection");
    }

    private static void forget(AuthenticationSessionModel authSession, Channel channel) {
        for (String note : SecurityCode.noteNames(channel.notes)) {
            authSession.removeAuthNote(note);
        }
        authSession.removeAuthNote(channel.sentTo());
    }
}
