package org.nhsloginkeycloak.authenticators.codes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One security code (texted or emailed), as the authentication session keeps it: a salted hash (never the code), when
 * it expires, and how many wrong guesses it has had. Immutable: a check returns the state to keep next.
 *
 * <p>The hash keeps the code out of session dumps and logs; with a million possible codes it is no defence against
 * someone who can read the session store, which is why the code also expires and dies after a few wrong guesses.
 */
public final class SecurityCode {

    static final int DIGITS = 6;
    /** Where a texted code is kept; an emailed code uses its own prefix, so the two never mix. */
    static final String SMS = "nhs-sms-code";
    static final String EMAIL = "nhs-email-code";

    /** What a guess achieved. */
    public enum Verdict {
        /** The right code, in time: the citizen has proved the mobile. The code is spent. */
        ACCEPTED,
        /** A wrong code; guesses remain. */
        WRONG,
        /** The last allowed wrong guess: the code is dead and a new one must be requested. */
        EXHAUSTED,
        /** The code's time ran out: a new one must be requested. */
        EXPIRED,
        /** The citizen's wrong codes for the day are spent: refused unchecked, whatever was typed. */
        LOCKED
    }

    /** The verdict, and the code state to keep afterwards (empty when the code is spent or dead). */
    record Check(Verdict verdict, Optional<SecurityCode> remaining) {
    }

    private final String hash;
    private final String salt;
    private final Instant expires;
    private final int wrongGuesses;

    private SecurityCode(String hash, String salt, Instant expires, int wrongGuesses) {
        this.hash = hash;
        this.salt = salt;
        this.expires = expires;
        this.wrongGuesses = wrongGuesses;
    }

    /** Six digits, uniformly from {@code random}, leading zeros kept. */
    static String newCode(SecureRandom random) {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    static SecurityCode issue(String code, Instant now, Duration lifetime, SecureRandom random) {
        byte[] saltBytes = new byte[16];
        random.nextBytes(saltBytes);
        String salt = Base64.getEncoder().encodeToString(saltBytes);
        return new SecurityCode(hash(code, salt), salt, now.plus(lifetime), 0);
    }

    /** Whether {@code text} is shaped like a code (so a typo is told apart from a wrong code). */
    public static boolean isWellFormed(String text) {
        return text != null && text.length() == DIGITS && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Checks a guess. Expiry is tested first, so a late right code is still refused; the hashes are compared in
     * constant time.
     */
    Check check(String guess, Instant now, int maxWrongGuesses) {
        if (!now.isBefore(expires)) {
            return new Check(Verdict.EXPIRED, Optional.empty());
        }
        boolean right = MessageDigest.isEqual(
                hash(guess, salt).getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
        if (right) {
            return new Check(Verdict.ACCEPTED, Optional.empty());
        }
        int wrong = wrongGuesses + 1;
        if (wrong >= maxWrongGuesses) {
            return new Check(Verdict.EXHAUSTED, Optional.empty());
        }
        return new Check(Verdict.WRONG, Optional.of(new SecurityCode(hash, salt, expires, wrong)));
    }

    boolean isLive(Instant now) {
        return now.isBefore(expires);
    }

    /** Unique to this code (its random salt): names its guess slots. */
    String id() {
        return salt;
    }

    int wrongGuesses() {
        return wrongGuesses;
    }

    Map<String, String> toNotes() {
        return toNotes(SMS);
    }

    Map<String, String> toNotes(String prefix) {
        Map<String, String> notes = new HashMap<>();
        notes.put(prefix + "-hash", hash);
        notes.put(prefix + "-salt", salt);
        notes.put(prefix + "-expires", Long.toString(expires.toEpochMilli()));
        notes.put(prefix + "-wrong", Integer.toString(wrongGuesses));
        return notes;
    }

    /** The code kept in the notes {@code read} gives, if a whole one is there. */
    static Optional<SecurityCode> fromNotes(Function<String, String> read) {
        return fromNotes(SMS, read);
    }

    static Optional<SecurityCode> fromNotes(String prefix, Function<String, String> read) {
        String hash = read.apply(prefix + "-hash");
        String salt = read.apply(prefix + "-salt");
        String expires = read.apply(prefix + "-expires");
        String wrong = read.apply(prefix + "-wrong");
        if (hash == null || salt == null || expires == null || wrong == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SecurityCode(hash, salt, Instant.ofEpochMilli(Long.parseLong(expires)),
                    Integer.parseInt(wrong)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The note names, so a spent or dead code can be removed from the session. */
    static String[] noteNames() {
        return noteNames(SMS);
    }

    static String[] noteNames(String prefix) {
        return new String[] {prefix + "-hash", prefix + "-salt", prefix + "-expires", prefix + "-wrong"};
    }

    private static String hash(String code, String salt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.US_ASCII));
            digest.update(code.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }
}
